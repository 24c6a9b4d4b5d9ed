#include "runtime/engine/ProgressMonitor.h"

namespace popper::engine {

ProgressMonitor::ProgressMonitor(const EngineHooks& hooks, const exec::Scheduler& scheduler,
                                 std::chrono::steady_clock::time_point start)
    : hooks_(hooks), scheduler_(scheduler), start_(start) {
  if (hooks_.progress) thread_ = std::thread([this] { loop(); });
}

ProgressMonitor::~ProgressMonitor() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ProgressMonitor::loop() {
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, std::chrono::milliseconds(200), [this] { return stop_; })) {
    RunProgress p;
    p.rowsRead = scheduler_.rowsRead();
    p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    p.nodes = scheduler_.progress();
    hooks_.progress(p);
  }
}

}  // namespace popper::engine

// ProgressMonitor: calls a run's progress hook (EngineHooks::progress) about
// every 200 ms from its own thread, with what the scheduler has read and
// received so far, until it is destroyed.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "runtime/engine/Engine.h"
#include "runtime/exec/Scheduler.h"

namespace popper::engine {

class ProgressMonitor {
 public:
  ProgressMonitor(const EngineHooks& hooks, const exec::Scheduler& scheduler,
                  std::chrono::steady_clock::time_point start);
  ~ProgressMonitor();
  ProgressMonitor(const ProgressMonitor&) = delete;
  ProgressMonitor& operator=(const ProgressMonitor&) = delete;

 private:
  void loop();

  const EngineHooks& hooks_;
  const exec::Scheduler& scheduler_;
  std::chrono::steady_clock::time_point start_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace popper::engine

// Running a physical plan end to end (see Engine.h).
#include "runtime/exec/Engine.h"

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "runtime/exec/CorrectionLog.h"
#include "runtime/exec/CorrectionTap.h"
#include "runtime/exec/OperatorFactory.h"
#include "runtime/exec/PlanAnalysis.h"
#include "runtime/exec/RejectSink.h"
#include "runtime/exec/Scheduler.h"
#include "runtime/ops/OutputOp.h"

namespace popper::exec {

std::string resolvePath(const std::string& folder, const std::string& path) {
  std::filesystem::path p(path);
  if (p.is_absolute() || folder.empty()) return path;
  return (std::filesystem::path(folder) / p).lexically_normal().string();
}

namespace {

// Calls the progress hook periodically until stopped.
class ProgressMonitor {
 public:
  ProgressMonitor(const EngineHooks& hooks, const Scheduler& scheduler, std::chrono::steady_clock::time_point start)
      : hooks_(hooks), scheduler_(scheduler), start_(start) {
    if (hooks_.progress) thread_ = std::thread([this] { loop(); });
  }
  ~ProgressMonitor() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void loop() {
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, std::chrono::milliseconds(200), [this] { return stop_; })) {
      double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
      hooks_.progress(scheduler_.rowsRead(), seconds);
    }
  }

  const EngineHooks& hooks_;
  const Scheduler& scheduler_;
  std::chrono::steady_clock::time_point start_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace

namespace {

// One round of a run: the operators, their scheduler and their rejects.
struct Round {
  std::unique_ptr<RejectSink> rejects;
  std::unique_ptr<Scheduler> scheduler;
  Status status;
};

bool hasHandlers(const plan::Dataflow& flow) {
  for (const plan::PlanNode& node : flow.nodes)
    if (node.is<plan::HandleNode>()) return true;
  return false;
}

Round runRound(const plan::PhysicalPlan& plan, const PlanAnalysis& analysis, const RunOptions& options,
               const EngineHooks& hooks, const ops::OperatorLibrary& library, CorrectionLog* corrections,
               std::chrono::steady_clock::time_point start) {
  const plan::Dataflow& flow = plan.dataflow;
  Round round;
  round.rejects = std::make_unique<RejectSink>(options.maxRejects);
  std::vector<ActorSpec> specs;
  auto consumers = flow.consumers();
  for (const plan::PlanNode& node : flow.nodes) {
    auto op = createOperator(plan, analysis, node.id, options, library, corrections);
    if (!op) {
      round.status = op.status();
      for (ActorSpec& s : specs) s.op->abort();
      return round;
    }
    std::unique_ptr<ops::PhysicalOperator> actor = std::move(op.value());
    bool target = corrections && corrections->hasTargets(node.id);
    if (corrections && !node.is<plan::OutputNode>() && (node.keepLineage || target))
      actor = std::make_unique<CorrectionTap>(std::move(actor), node.id, target, *corrections);
    ActorSpec s;
    s.op = std::move(actor);
    s.numInputs = static_cast<int>(node.inputs.size());
    for (const plan::ForwardEdge& e : consumers[static_cast<size_t>(node.id)]) s.consumers.push_back({e.to, e.port});
    s.name = analysis.rejectName[static_cast<size_t>(node.id)];
    s.source = analysis.source[static_cast<size_t>(node.id)];
    specs.push_back(std::move(s));
  }
  round.scheduler = std::make_unique<Scheduler>(std::move(specs), *round.rejects, options.queueBatches);
  ProgressMonitor monitor(hooks, *round.scheduler, start);
  round.status = round.scheduler->run(options.effectiveThreads());
  return round;
}

// A safety net far above any RETRY x max_rounds a workflow can reach.
constexpr size_t kMaxCorrectionRounds = 10000;

}  // namespace

RunReport runPlan(const plan::PhysicalPlan& plan, const RunOptions& options, const EngineHooks& hooks) {
  auto start = std::chrono::steady_clock::now();
  RunReport report;
  const plan::Dataflow& flow = plan.dataflow;
  const ops::OperatorLibrary& library = hooks.library ? *hooks.library : ops::defaultOperatorLibrary();
  PlanAnalysis analysis = analyzePlan(plan);

  std::unique_ptr<CorrectionLog> corrections;
  if (hasHandlers(flow)) {
    corrections = std::make_unique<CorrectionLog>();
    for (const plan::PlanNode& node : flow.nodes)
      if (node.is<plan::HandleNode>())
        for (const plan::HandleAction& a : node.as<plan::HandleNode>().actions) corrections->addTarget(a.target);
  }
  Round round;
  while (true) {
    if (corrections) corrections->startRound();
    round = runRound(plan, analysis, options, hooks, library, corrections.get(), start);
    if (!round.scheduler) {
      report.status = round.status;
      return report;
    }
    if (!round.status.isOk() || !corrections || corrections->applyPending() == 0) break;
    for (const plan::PlanNode& node : flow.nodes) round.scheduler->op(node.id).abort();
    if (corrections->rounds >= kMaxCorrectionRounds) {
      round.status = Status::internal("handlers did not reach a fixpoint after " + std::to_string(kMaxCorrectionRounds) +
                                      " correction rounds");
      break;
    }
  }
  Scheduler& scheduler = *round.scheduler;
  RejectSink& rejects = *round.rejects;
  Status st = round.status;
  for (const plan::PlanNode& node : flow.nodes) {
    int id = node.id;
    if (st.isOk() && node.is<plan::OutputNode>()) st = scheduler.op(id).commit();
  }
  if (!st.isOk())
    for (const plan::PlanNode& node : flow.nodes) scheduler.op(node.id).abort();

  for (const plan::PlanNode& node : flow.nodes) {
    const ops::NodeCounters& c = scheduler.counters(node.id);
    report.nodes.push_back({node.id, plan::nodeKindName(node.kind()), analysis.rejectName[static_cast<size_t>(node.id)], c});
    report.filtered += c.filtered;
    if (node.is<plan::ExtractNode>()) report.inputs.push_back({node.as<plan::ExtractNode>().path, c.inputRows});
    if (node.is<plan::OutputNode>()) {
      auto& out = static_cast<ops::OutputOp&>(scheduler.op(node.id));
      report.outputs.push_back({node.as<plan::OutputNode>().path, out.rowsWritten()});
    }
    if (corrections && node.is<plan::HandleNode>()) {
      RunReport::HandlerStats h;
      h.name = node.name;
      if (auto it = corrections->roundStats().find(node.id); it != corrections->roundStats().end()) {
        const HandlerRoundStats& r = it->second;
        h.checked = r.checked, h.detected = r.detected, h.corrected = r.corrected;
        h.passed = r.passed, h.dropped = r.dropped, h.rejected = r.rejected;
      }
      if (auto it = corrections->totals().find(node.id); it != corrections->totals().end())
        h.edits = it->second.edits, h.appends = it->second.appends, h.deletes = it->second.deletes;
      report.handlers.push_back(h);
    }
  }
  if (corrections) report.rounds = corrections->rounds;
  report.rejected = rejects.count();
  if (report.rejected > 0) {
    report.rejectsPath = resolvePath(options.outDir, "rejects.jsonl");
    Status written = rejects.write(report.rejectsPath);
    if (!written.isOk() && st.isOk()) st = written;
  }
  report.status = st;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace popper::exec

// Running a physical plan end to end (see Engine.h).
#include "runtime/engine/Engine.h"

#include <fmt/format.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "common/RunFileNames.h"
#include "compiler/plan/PhysicalDecisions.h"
#include "runtime/correction/CorrectionLog.h"
#include "runtime/engine/CorrectionsFile.h"
#include "runtime/engine/ProgressMonitor.h"
#include "runtime/exec/OperatorFactory.h"
#include "runtime/exec/RejectSink.h"
#include "runtime/exec/Scheduler.h"
#include "runtime/io/FileTransaction.h"
#include "runtime/io/InputCopy.h"
#include "runtime/ops/CorrectionTap.h"
#include "runtime/ops/OutputOp.h"
#include "runtime/verify/VerifyLog.h"

namespace popper::engine {

using correction::CorrectionLog;
using correction::HandlerRoundStats;
using correction::kFirstCorrectionSource;
using exec::ActorSpec;
using exec::createOperator;
using exec::RejectSink;
using exec::resolvePath;
using exec::RunOptions;
using exec::Scheduler;
using ops::CorrectionTap;
using plan::PhysicalDecisions;
using verify::VerifyContext;
using verify::verifyCorrections;
using verify::VerifyLog;

namespace {

bool hasHandlers(const plan::Dataflow& flow) {
  for (const plan::PlanNode& node : flow.nodes)
    if (node.is<plan::HandleNode>()) return true;
  return false;
}

// Every back edge comes from a handler that gates retractions (plan/HandlerGates.h).
bool onlyGates(const plan::PhysicalPlan& plan) {
  for (const plan::BackEdge& b : plan.dataflow.backEdges)
    if (!plan.aux.gates[static_cast<size_t>(b.from)]) return false;
  return true;
}

// A safety net far above any RETRY x max_rounds a workflow can reach.
constexpr size_t kMaxWaves = 100000;

// The waves of a plan with handlers. Protocol (the scheduler runs the
// operators; this drives the part reachable from a back-edge target, the
// "affected" nodes, which get no end markers):
//  1. Run until quiet: every source paused (every `epoch_rows` records) or
//     exhausted, every inbox empty, nothing running.
//  2. Barrier: flush() every affected node in topological order (node id
//     order), running until quiet after each, so each flush sees its
//     upstream's flushed output. HANDLE nodes decide over their held rows and
//     record corrections; blocking operators emit once the input is complete.
//  3. If corrections are pending, apply them (CorrectionLog::applyPending, in
//     canonical order); the targets' taps emit them into the live flow at
//     their flush in the next barrier. Go to 2 (with only gating handlers
//     and input left: go to 4, the next barrier injects them).
//  4. Otherwise, if some source is not exhausted, let every source read its
//     next epoch and go to 1.
//  5. finish() every affected node in topological order; wait for the rest
//     of the plan to finish; outputs commit.
// Nodes that feed no affected node (below a gating handler) run on through
// the barriers: nothing they do can reach the waves.
// Streaming corrections (plan/HandlerGates.h streamsCorrections): no epochs;
// the gates decide and apply as rows arrive and the targets' taps inject
// with their next delta, so step 1 lasts until the input is exhausted, and
// the barriers after it go on while injections are pending.
// Determinism: every operator except HANDLE is a deterministic function of
// the multiset of its input at a quiescent point (outputs in the waves are
// materialized and sorted by order key); HANDLE forwards a row whose DETECT
// is false at once (a function of the row) and decides detected rows only
// at a flush, over its live held rows in canonical order, with correction
// counts that change only between waves; corrections are applied sorted,
// with injected ids from counters bumped in that order; epochs end at record
// counts, not times. So the bytes are the same for any thread count.
Status runWaves(Scheduler& scheduler, const plan::Dataflow& flow, const plan::PhysicalDecisions& analysis,
                CorrectionLog& log, ops::InputProgress& progress, const RunOptions& options, bool onlyGates,
                size_t& waves, double& barrierSeconds, const EngineHooks& hooks) {
  exec::TraceRecorder* trace = hooks.trace;
  int threads = options.effectiveThreads();
  // Streaming corrections: no epochs; the barriers start once the input is exhausted.
  bool streams = analysis.streamsCorrections;
  scheduler.enableWaves(streams ? 0 : options.epochRows);
  // What does not feed the waves runs on through the barriers (Scheduler.h).
  scheduler.startWorkers(threads);
  struct StopWorkers {
    Scheduler& s;
    ~StopWorkers() { s.stopWorkers(); }
  } stopWorkers{scheduler};
  Status st = scheduler.runUntilQuiet(threads);
  auto each = [&](const std::function<Status(ops::PhysicalOperator&, ops::OperatorContext&)>& body,
                  bool finishes) {
    for (const plan::PlanNode& node : flow.nodes) {
      if (!analysis.affected[static_cast<size_t>(node.id)] || scheduler.finished(node.id)) continue;
      Status s = scheduler.call(node.id, body, finishes);
      // Nothing sent downstream: still quiet (no threads to start and join).
      if (s.isOk() && scheduler.lastCallDelivered()) s = scheduler.runUntilQuiet(threads);
      if (!s.isOk()) return s;
    }
    return Status::ok();
  };
  waves = 0;
  auto barrierStart = std::chrono::steady_clock::now();
  int barrierName = trace ? trace->intern("barrier", "wave") : -1;
  size_t appliedAtBarrier = 0;
  auto barrierEnd = [&] {
    auto now = std::chrono::steady_clock::now();
    double seconds = std::chrono::duration<double>(now - barrierStart).count();
    barrierSeconds += seconds;
    if (trace) trace->span(barrierName, 0, barrierStart, now);
    if (hooks.log)
      hooks.log(EngineHooks::LogLevel::Debug,
                fmt::format("barrier {}: {} correction{} applied in {:.1f} ms", waves, appliedAtBarrier,
                            appliedAtBarrier == 1 ? "" : "s", seconds * 1e3));
    appliedAtBarrier = 0;
  };
  while (st.isOk()) {
    if (scheduler.sourcesExhausted()) progress.complete.store(true);
    st = each([](ops::PhysicalOperator& op, ops::OperatorContext& ctx) { return op.flush(ctx); }, false);
    if (!st.isOk()) return st;
    if (++waves >= kMaxWaves)
      return Status::internal("handlers did not reach a fixpoint after " + std::to_string(kMaxWaves) +
                              " waves");
    // Only gating handlers: their corrections need no wave of their own
    // while input remains; the targets inject them at the next barrier, and
    // a gate treats what comes back like any other row (same decisions,
    // same bytes, half the barriers).
    size_t count = log.applyPending();
    appliedAtBarrier += count;
    bool applied = count > 0 || (streams && log.hasInjections());
    if (applied && !(onlyGates && !scheduler.sourcesExhausted())) continue;
    if (!applied && progress.complete.load()) break;
    barrierEnd();
    scheduler.resumeSources();
    st = scheduler.runUntilQuiet(threads);
    barrierStart = std::chrono::steady_clock::now();
  }
  barrierEnd();
  if (!st.isOk()) return st;
  st = each([&](ops::PhysicalOperator& op, ops::OperatorContext& ctx) { return op.finish(ctx); }, true);
  if (!st.isOk()) return st;
  return scheduler.runToEnd();
}

// A run that read rows, wrote none and rejected as many as it read is not a
// success (a CI job must not go green on it), unless SET max_rejects allows
// that many rejects.
Status everyRowRejected(const plan::Dataflow& flow, Scheduler& scheduler, uint64_t rejected) {
  uint64_t read = 0, written = 0;
  for (const plan::PlanNode& node : flow.nodes) {
    if (node.is<plan::ExtractNode>()) read += scheduler.counters(node.id).inputRows;
    if (node.is<plan::OutputNode>())
      written += static_cast<ops::OutputOp&>(scheduler.op(node.id)).rowsWritten();
  }
  if (read == 0 || written > 0 || rejected < read) return Status::ok();
  return Status::invalidArgument("every input row was rejected (" + std::to_string(rejected) +
                                 " rejects for " + std::to_string(read) +
                                 " rows read) and no output row was written; SET max_rejects = n allows it");
}

// An OUTPUT whose file is the rejects or corrections file of the output
// folder (check reports a relative path to it; an absolute one, or one
// through a link, is found here).
Status outputOverRunFile(const plan::Dataflow& flow, const std::string& outDir, const std::string& runFile,
                         std::string_view what) {
  std::error_code runFileError;
  std::filesystem::path canonical = std::filesystem::weakly_canonical(runFile, runFileError);
  if (runFileError) return Status::ok();
  for (const plan::PlanNode& node : flow.nodes) {
    if (!node.is<plan::OutputNode>()) continue;
    const std::string& path = node.as<plan::OutputNode>().path;
    std::error_code ec;
    if (std::filesystem::weakly_canonical(resolvePath(outDir, path), ec) == canonical && !ec)
      return Status::invalidArgument("OUTPUT '" + path + "' would write the output folder's " +
                                     std::string(what) + " file '" + runFile + "'");
  }
  return Status::ok();
}

}  // namespace

RunReport runPlan(const plan::PhysicalPlan& plan, const RunOptions& options, const EngineHooks& hooks) {
  auto start = std::chrono::steady_clock::now();
  RunReport report;
  const plan::Dataflow& flow = plan.dataflow;
  if (!hooks.catalog) {
    RunReport report;
    report.status = Status::internal("runPlan needs the operator catalog the workflow was checked against");
    return report;
  }
  const catalog::OperatorCatalog& catalog = *hooks.catalog;
  const plan::PhysicalDecisions& analysis = plan.decisions;
  if (flow.size() >= kFirstCorrectionSource) {
    // Row ids keep the sources above for injected rows.
    report.status =
        Status::invalidArgument("the workflow has " + std::to_string(flow.size()) + " plan nodes; at most " +
                                std::to_string(kFirstCorrectionSource - 1) + " can run");
    return report;
  }

  std::unique_ptr<CorrectionLog> corrections;
  std::unique_ptr<ops::InputProgress> progress;
  if (hasHandlers(flow) || !flow.backEdges.empty()) {
    corrections = std::make_unique<CorrectionLog>();
    if (analysis.streamsCorrections) corrections->setStreaming();
    corrections->keepApplied(options.verify);
    progress = std::make_unique<ops::InputProgress>();
    // Every handler action has its back edge (plan/Verifier checks it).
    for (const plan::BackEdge& b : flow.backEdges)
      corrections->addTarget(b.to, analysis.targetOverrides[static_cast<size_t>(b.to)]);
    for (const plan::PlanNode& node : flow.nodes)
      if (node.is<plan::HandleNode>())
        for (const plan::HandleAction& a : node.as<plan::HandleNode>().actions) {
          if (a.kind == ast::ActionKind::EditUsing && !flow.node(a.target).inputs.empty())
            corrections->addRowStore(flow.node(a.target).inputs[0]);
          if (plan.aux.gates[static_cast<size_t>(node.id)]) corrections->addGateTarget(a.target);
        }
  }
  // Each run replaces its output folder's rejects and corrections files: no OUTPUT may write them.
  std::string rejectsPath = resolvePath(options.outDir, std::string(kRejectsFileName));
  std::string correctionsPath = resolvePath(options.outDir, std::string(kCorrectionsFileName));
  for (auto [path, what] : {std::pair{&rejectsPath, "rejects"}, std::pair{&correctionsPath, "corrections"}})
    if (Status st = outputOverRunFile(flow, options.outDir, *path, what); !st) {
      report.status = st;
      return report;
    }
  std::unique_ptr<VerifyLog> verify;
  if (options.verify) verify = std::make_unique<VerifyLog>(plan);
  // --verify reads every input twice: an input that can be read only once
  // (standard input, a FIFO, a pipe) is copied first and read from the copy.
  RunOptions runOptions = options;
  std::vector<std::unique_ptr<InputCopy>> inputCopies;
  if (options.verify) {
    for (const plan::PlanNode& node : flow.nodes) {
      if (!node.is<plan::ExtractNode>()) continue;
      std::string path = resolvePath(options.workflowDir, node.as<plan::ExtractNode>().path);
      if (runOptions.inputCopies.count(path) || !InputCopy::readsOnce(path)) continue;
      auto copied = InputCopy::make(path);
      if (!copied) {
        report.status = copied.status();
        return report;
      }
      runOptions.inputCopies[path] = (*copied)->path();
      inputCopies.push_back(std::move(copied.value()));
    }
  }
  // Every file the run writes, committed together once it succeeded; declared
  // before the operators, which write into it.
  FileTransaction files;
  RejectSink rejects(options.maxRejects);
  std::vector<ActorSpec> specs;
  auto consumers = flow.consumers();

  for (const plan::PlanNode& node : flow.nodes) {
    size_t i = static_cast<size_t>(node.id);
    auto op = createOperator(plan, analysis, node.id, runOptions, catalog, corrections.get(), progress.get(),
                             hooks.evaluators ? hooks.evaluators : interpreterFactory(), &files);
    if (!op) {
      for (ActorSpec& s : specs) s.op->abort();
      report.status = op.status();
      return report;
    }
    std::unique_ptr<ops::PhysicalOperator> actor = std::move(op.value());
    bool target = corrections && corrections->hasTargets(node.id);
    bool store = corrections && corrections->storesRows(node.id);
    if (corrections && !node.is<plan::OutputNode>() && (analysis.recordLineage[i] || target || store))
      actor = std::make_unique<CorrectionTap>(std::move(actor), node.id, target, analysis.needKeys[i],
                                              *corrections, store);
    if (verify) actor = verify->wrap(node.id, std::move(actor));
    ActorSpec s;
    s.op = std::move(actor);
    s.numInputs = static_cast<int>(node.inputs.size());
    for (const plan::ForwardEdge& e : consumers[i]) s.consumers.push_back({e.to, e.port});
    s.name = analysis.rejectName[i];
    s.source = analysis.source[i];
    s.progress = node.is<plan::ExtractNode>() || node.is<plan::ProcessNode>();
    s.inWaves = corrections && analysis.affected[i];
    s.endMarkersInWaves = s.inWaves && node.is<plan::JoinNode>() && analysis.buildProbe[i];
    specs.push_back(std::move(s));
  }
  Scheduler scheduler(std::move(specs), rejects, options.queueBatches);
  scheduler.setTrace(hooks.trace);
  if (hooks.log) {
    std::string how = !corrections                  ? "no handlers"
                      : analysis.streamsCorrections ? "handlers stream their corrections"
                      : onlyGates(plan)             ? "gating handlers, corrections at barriers every " +
                                              std::to_string(options.epochRows) + " records"
                                        : "corrections in waves, epochs of " +
                                              std::to_string(options.epochRows) + " records";
    hooks.log(EngineHooks::LogLevel::Info, fmt::format("running {} operators on {} threads ({})", flow.size(),
                                                       options.effectiveThreads(), how));
  }
  Status st;
  {
    ProgressMonitor monitor(hooks, scheduler, start);
    if (corrections)
      st = runWaves(scheduler, flow, analysis, *corrections, *progress, options, onlyGates(plan),
                    report.waves, report.barrierSeconds, hooks);
    else
      st = scheduler.run(options.effectiveThreads());
  }
  if (verify && st.isOk()) {
    VerifyContext ctx{analysis, runOptions, catalog, {}, {}};
    if (corrections) ctx.corrections = verifyCorrections(corrections->applied());
    ctx.rowsWritten = [&](plan::NodeId id) {
      return static_cast<ops::OutputOp&>(scheduler.op(id)).rowsWritten();
    };
    st = verify->check(ctx);
    report.verifiedNodes = verify->nodesChecked();
  }
  if (st.isOk() && options.maxRejects < 0) st = everyRowRejected(flow, scheduler, rejects.count());
  // The run is one transaction: the outputs, the rejects file and the
  // corrections file are committed together, or (a failed run) none is and
  // every temporary file goes. Each run replaces its output folder's rejects
  // and corrections files: a run without removes an earlier run's (a regular
  // file only).
  size_t correctionCount = corrections ? corrections->records().size() : 0;
  if (st.isOk()) {
    if (rejects.count() > 0)
      st = rejects.stage(files, rejectsPath);
    else
      files.removeOnCommit(rejectsPath);
  }
  if (st.isOk()) {
    if (correctionCount > 0)
      st = stageCorrections(corrections->records(), plan, files, correctionsPath);
    else
      files.removeOnCommit(correctionsPath);
  }
  if (st.isOk()) st = files.commit();
  if (hooks.log && st.isOk())
    hooks.log(EngineHooks::LogLevel::Info,
              fmt::format("committed the outputs{}{}", rejects.count() > 0 ? ", the rejects file" : "",
                          correctionCount > 0 ? ", the corrections file" : ""));
  if (!st.isOk()) {
    files.abort();
    for (const plan::PlanNode& node : flow.nodes) scheduler.op(node.id).abort();
  }

  for (const plan::PlanNode& node : flow.nodes) {
    const ops::NodeCounters& c = scheduler.counters(node.id);
    report.nodes.push_back(
        {node.id, plan::nodeKindName(node.kind()), analysis.rejectName[static_cast<size_t>(node.id)], c});
    report.filtered += c.filtered;
    if (node.is<plan::ExtractNode>())
      report.inputs.push_back({node.as<plan::ExtractNode>().path, c.inputRows});
    if (node.is<plan::OutputNode>()) {
      auto& out = static_cast<ops::OutputOp&>(scheduler.op(node.id));
      report.outputs.push_back({node.as<plan::OutputNode>().path, out.rowsWritten(), out.evaluation()});
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
  report.rejected = rejects.count();
  if (report.rejected > 0 && files.committed()) report.rejectsPath = rejectsPath;
  report.corrections = correctionCount;
  if (correctionCount > 0 && files.committed()) report.correctionsPath = correctionsPath;
  {
    // The first rejects (a failed run commits no rejects file: they say what went wrong).
    std::vector<exec::RejectRecord> sorted = rejects.sorted();
    if (sorted.size() > RunReport::kFirstRejects) sorted.resize(RunReport::kFirstRejects);
    report.firstRejects = std::move(sorted);
  }
  report.status = st;
  // Freeing the log's blocks one by one can take longer than the corrections
  // took to make (10% edits of 1M rows: 14% of the run); the OS takes them back at once.
  if (options.exitsAfterRun) (void)corrections.release();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace popper::engine

// `popper run FILE [-p name=value]... [--threads N] [--no-jit] [--stats]
//                  [--out-dir DIR] [--config popper.yaml] [-O0] [--disable-opt NAME]... [--no-handlers]
//                  [--verify] [--report FILE.json] [--trace FILE.json] [--store DIR] [--no-record]
//                  [--progress]`:
// load and check the workflow, plan it (the same planner as `popper plan`),
// execute the physical plan, and print a summary on stderr (stdout carries
// only the outputs written TO "-"). Exit 0 ok, 1 workflow error, 2 usage
// error, 3 run failure (nothing committed: the outputs and the rejects file
// are committed together only when the whole run succeeds).
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli/Commands.h"
#include "cli/LoadAndReport.h"
#include "cli/OptimizerFlags.h"
#include "cli/ProgressLine.h"
#include "cli/RunRecording.h"
#include "cli/RunReportJson.h"
#include "cli/WholeFile.h"
#include "common/StandardStreams.h"
#include "compiler/driver/GroundTruthCheck.h"
#include "compiler/jit/JitSession.h"
#include "compiler/jit/ObjectCacheDir.h"
#include "compiler/opt/Planner.h"
#include "compiler/opt/WithoutHandlers.h"
#include "runtime/engine/Engine.h"
#include "runtime/io/TempFiles.h"

namespace popper::cli {
namespace {

struct RunArgs {
  std::string file;
  std::vector<std::string> params;
  int threads = 0;
  bool noJit = false;  // interpret every expression instead of compiling with the JIT
  bool stats = false;
  bool noHandlers = false;  // every HANDLE passes its rows through (compare a workflow with and without them)
  bool verify = false;      // recompute every node after the run and fail on any difference
  std::string outDir = ".";
  std::string config;
  std::string report;     // --report FILE.json ("-": standard output)
  std::string trace;      // --trace FILE.json: Chrome trace events
  bool progress = false;  // --progress: a JSON progress line about every 200 ms (for the studio)
  OptimizerFlags optimizer;
  std::string store;      // --store: the run store's folder (else POPPER_STORE, else ./.popper)
  bool noRecord = false;  // --no-record: leave the run out of the store
};

std::string literalText(const Literal& value) {
  switch (value.type()) {
    case Type::String:
      return value.asString();
    case Type::Int:
      return std::to_string(value.asInt());
    case Type::Float:
      return fmt::format("{}", value.asFloat());
    case Type::Bool:
      return value.asBool() ? "true" : "false";
  }
  return "";
}

bool writesStandardOutput(const plan::PhysicalPlan& plan) {
  for (const plan::PlanNode& node : plan.dataflow.nodes)
    if (node.is<plan::OutputNode>() && isStandardStream(node.as<plan::OutputNode>().path)) return true;
  return false;
}

void printSummary(const engine::RunReport& report, const std::string& file, int threads) {
  uint64_t input = 0, output = 0;
  for (const auto& in : report.inputs) input += in.rows;
  for (const auto& out : report.outputs) output += out.rows;
  std::string text = fmt::format(
      "popper: ran {} in {:.2f} s on {} thread{}: {} input rows, {} output rows, {} filtered, {} rejected\n",
      file, report.seconds, threads, threads == 1 ? "" : "s", input, output, report.filtered,
      report.rejected);
  if (report.inputs.size() > 1)
    for (const auto& in : report.inputs) text += fmt::format("  input {}: {} rows\n", in.path, in.rows);
  for (const auto& out : report.outputs) {
    text +=
        fmt::format("  {}: {} rows", isStandardStream(out.path) ? "- (standard output)" : out.path, out.rows);
    if (const auto& e = out.evaluation)
      text += fmt::format("  (vs {}: precision {:.3f}, recall {:.3f}, F1 {:.3f})", e->groundTruth,
                          e->precision(), e->recall(), e->f1());
    text += "\n";
  }
  if (!report.rejectsPath.empty())
    text += fmt::format("  rejects: {} rows in {}\n", report.rejected, report.rejectsPath);
  if (!report.correctionsPath.empty())
    text += fmt::format("  corrections: {} in {}\n", report.corrections, report.correctionsPath);
  for (const auto& h : report.handlers)
    text += fmt::format(
        "  handler {}: {} checked, {} detected, {} corrected ({} edits, {} appends, {} deletes), {} passed, "
        "{} dropped, "
        "{} rejected\n",
        h.name, h.checked, h.detected, h.edits + h.appends + h.deletes, h.edits, h.appends, h.deletes,
        h.passed, h.dropped, h.rejected);
  if (report.waves > 1) text += fmt::format("  correction waves: {}\n", report.waves);
  std::fputs(text.c_str(), stderr);
}

void printStats(const engine::RunReport& report) {
  std::string text = fmt::format("{:>4}  {:<10} {:<16} {:>12} {:>12} {:>10} {:>10} {:>10}\n", "node", "kind",
                                 "rowset", "rows in", "rows out", "filtered", "rejects", "ms");
  for (const auto& n : report.nodes) {
    const ops::NodeCounters& c = n.counters;
    uint64_t in = n.kind == "Extract" ? c.inputRows : c.rowsIn;
    text += fmt::format("{:>4}  {:<10} {:<16} {:>12} {:>12} {:>10} {:>10} {:>10.1f}\n", n.id, n.kind, n.name,
                        in, c.rowsOut, c.filtered, c.rejected, static_cast<double>(c.nanos) / 1e6);
  }
  if (report.waves > 1)
    text += fmt::format("waves: {} barriers, {:.1f} ms at them (sources in the waves paused)\n", report.waves,
                        report.barrierSeconds * 1e3);
  std::fputs(text.c_str(), stderr);
}

// POPPER_JIT_MIN_ROWS overrides the row count after which the JIT compiles
// (0: compile at the first batch), for benchmarks and tests.
jit::JitOptions jitOptionsFromEnvironment() {
  jit::JitOptions o;
  if (const char* v = std::getenv("POPPER_JIT_MIN_ROWS")) o.compileAfterRows = std::strtoull(v, nullptr, 10);
  // POPPER_JIT_BACKGROUND=0 compiles on the evaluating thread when the threshold is reached (tests: the
  // rest of the run then certainly uses the compiled code).
  if (const char* v = std::getenv("POPPER_JIT_BACKGROUND")) o.background = std::string(v) != "0";
  o.cacheDir = jit::defaultCacheDir();
  return o;
}

void printJitStats(const jit::JitSession* session) {
  if (!session) {
    std::fputs("jit: off (--no-jit)\n", stderr);
    return;
  }
  jit::JitStats s = session->stats();
  std::string text;
  if (!s.error.empty())
    text = fmt::format("jit: failed, interpreted instead: {}\n", s.error);
  else if (s.abandoned)
    text = fmt::format("jit: compilation abandoned (the run finished first); {} expressions interpreted\n",
                       s.compiledExpressions + s.interpretedExpressions);
  else if (!s.started)
    text = fmt::format("jit: not started (input below the compile threshold); {} expressions interpreted\n",
                       s.compiledExpressions + s.interpretedExpressions);
  else
    text = fmt::format(
        "jit: {} expressions compiled in {} module{} in {:.1f} ms{} (cpu ms: engine {:.1f}, ir {:.1f}, "
        "optimize "
        "{:.1f}, machine code {:.1f}); {} interpreted\n",
        s.compiledExpressions, s.modules, s.modules == 1 ? "" : "s", s.compileMillis,
        s.cacheHits == 0           ? ""
        : s.cacheHits == s.modules ? ", cache hit"
                                   : ", partial cache hit",
        s.engineMillis, s.irMillis, s.optimizeMillis, s.machineMillis, s.interpretedExpressions);
  std::fputs(text.c_str(), stderr);
}

int runWorkflow(const RunArgs& args) {
  opt::OptimizerOptions optimizerOptions;
  if (auto stop = toOptimizerOptions(args.optimizer, optimizerOptions)) return *stop;
  driver::LoadedWorkflow loaded;
  if (auto stop = loadAndReport(args.file, args.params, args.config, DiagnosticFormat::Text, loaded))
    return *stop;

  // Every ground-truth file must be there before any model runs (their headers
  // were checked with the workflow), so a missing one fails fast, located.
  DiagnosticEngine groundTruthDiags(*loaded.source);
  driver::checkGroundTruthFiles(*loaded.program, driver::workflowFolder(args.file), /*requireFiles=*/true,
                                groundTruthDiags);
  if (groundTruthDiags.hasErrors()) {
    std::fputs(renderText(groundTruthDiags, isatty(fileno(stderr)) != 0).c_str(), stderr);
    return kExitRunFailure;
  }

  // A store that cannot be used fails now, before the run writes anything.
  auto runStore = openRunStore(args.store, args.noRecord);
  if (!runStore) {
    spdlog::error("{}", runStore.status().message());
    return kExitRunFailure;
  }

  auto planned = opt::planProgram(args.noHandlers ? opt::withoutHandlers(*loaded.program) : *loaded.program,
                                  optimizerOptions);
  if (!planned) {
    spdlog::error("{}: cannot plan the workflow: {}", args.file, planned.status().message());
    return kExitWorkflowError;
  }

  exec::RunOptions options;
  for (const auto& [name, value] : loaded.options) {
    Status st = exec::applyOption(options, name, value);
    if (!st.isOk()) spdlog::warn("{}", st.message());
  }
  if (args.threads > 0) options.threads = args.threads;
  std::filesystem::path workflowDir = std::filesystem::path(args.file).parent_path();
  options.workflowDir = workflowDir.empty() ? "." : workflowDir.string();
  options.outDir = args.outDir;
  options.verify = args.verify;
#if !defined(__SANITIZE_ADDRESS__)
  options.exitsAfterRun = true;  // (kept under ASan, whose leak check would report the log)
#endif
  std::error_code ec;
  std::filesystem::create_directories(options.outDir, ec);
  if (ec || !std::filesystem::is_directory(options.outDir)) {
    spdlog::error("cannot create output folder '{}': {}", options.outDir, ec ? ec.message() : "not a folder");
    return kExitRunFailure;
  }

  // A SIGINT or SIGTERM removes the run's temporary files before the process
  // dies of it. A closed standard output (`popper run wf.scope | head`) and a
  // file size limit (`ulimit -f`) are write errors that fail the run, name the
  // file and clean up, not a SIGPIPE or SIGXFSZ that would kill the process first.
  tempfiles::removeTempsOnSignals();
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGXFSZ, SIG_IGN);

  engine::EngineHooks hooks;
  hooks.catalog = loaded.catalog.get();
  // The progress line rewrites its own line of the terminal: not while an
  // output (TO "-") prints its rows on that terminal too.
  bool terminal =
      isatty(fileno(stderr)) != 0 && !(writesStandardOutput(planned->plan) && isatty(fileno(stdout)));
  bool progressShown = false;
  if (args.progress) {
    hooks.progress = [](const engine::RunProgress& progress) {
      nlohmann::ordered_json line = {{"rows_read", progress.rowsRead}, {"seconds", progress.seconds}};
      nlohmann::ordered_json nodes = nlohmann::ordered_json::object();
      for (const auto& [name, rows] : progress.nodes) nodes[name] = rows;
      line["nodes"] = nodes;
      std::fprintf(stderr, "popper: progress %s\n", line.dump().c_str());
    };
  } else if (terminal) {
    hooks.progress = [&progressShown](const engine::RunProgress& progress) {
      if (progress.seconds < 1.0) return;
      std::string line = progressLine(progress, terminalWidth(fileno(stderr)));
      std::fprintf(stderr, "\r\033[K%s", line.c_str());
      progressShown = true;
    };
  }
  // The JIT compiles the workflow's expressions once its input is large
  // enough to pay for it (JitSession.h); --no-jit keeps the interpreter.
  std::unique_ptr<jit::JitSession> jitSession;
  if (!args.noJit) {
    auto created = jit::JitSession::create(jitOptionsFromEnvironment());
    if (created) {
      jitSession = std::move(*created);
      hooks.evaluators = [session = jitSession.get()](const BoundExpr& e) {
        return session->makeEvaluator(e);
      };
    } else {
      spdlog::warn("jit unavailable, interpreting: {}", created.status().message());
    }
  }
  if ((args.report == "-" || args.trace == "-") && writesStandardOutput(planned->plan)) {
    spdlog::error("--{} -: an OUTPUT already writes standard output; name a file",
                  args.report == "-" ? "report" : "trace");
    return kExitUsageError;
  }
  if (args.report == "-" && args.trace == "-") {
    spdlog::error("--report - and --trace -: only one can write standard output");
    return kExitUsageError;
  }
  hooks.log = [](engine::EngineHooks::LogLevel level, const std::string& message) {
    spdlog::log(level == engine::EngineHooks::LogLevel::Info ? spdlog::level::info : spdlog::level::debug,
                "{}", message);
  };
  spdlog::info("planned {}: {} nodes, {} stages", args.file, planned->plan.dataflow.size(),
               planned->plan.stages.stages.size());
  std::unique_ptr<exec::TraceRecorder> trace;
  if (!args.trace.empty()) hooks.trace = (trace = std::make_unique<exec::TraceRecorder>()).get();
  auto started = std::chrono::system_clock::now();
  engine::RunReport report = engine::runPlan(planned->plan, options, hooks);
  if (jitSession) jitSession->stopCompiling();
  if (progressShown) std::fputs("\r\033[K", stderr);
  if (trace) {
    if (jitSession) {
      int compile = trace->intern("jit compile", "jit");
      for (const auto& [begin, end] : jitSession->stats().compiles)
        trace->span(compile, exec::TraceRecorder::kJitLane, begin, end);
    }
    if (Status st = writeWholeFile(args.trace, trace->json()); !st.isOk()) {
      spdlog::error("cannot write the trace '{}': {}", args.trace, st.message());
      if (report.status.isOk()) return kExitRunFailure;
    }
  }
  if (!args.report.empty() || *runStore) {
    ReportContext context;
    context.workflowPath = args.file;
    context.workflowText = loaded.source->text();
    for (const BoundParam& p : loaded.program->params)
      context.params.emplace_back(p.name, literalText(p.value));
    context.options = &options;
    context.handlers = !args.noHandlers;
    context.jit = jitSession.get();
    context.started = started;
    context.exitCode = report.status.isOk() ? kExitOk : kExitRunFailure;
    nlohmann::json json = runReportJson(report, context);
    if (*runStore) recordRun(**runStore, json, planned->plan, options, context.workflowText);
    Status written =
        args.report.empty()
            ? Status::ok()
            : writeWholeFile(args.report,
                             json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    if (!written.isOk()) {
      spdlog::error("cannot write the report '{}': {}", args.report, written.message());
      if (report.status.isOk()) return kExitRunFailure;
    }
  }
  if (!report.status.isOk()) {
    spdlog::error("run failed: {}", report.status.message());
    // A failed run commits no rejects file: its first rejects say why rows failed.
    if (report.rejected > 0) {
      std::string text = fmt::format(
          "{} rows rejected (no rejects file is written for a failed run), first:\n", report.rejected);
      for (const exec::RejectRecord& r : report.firstRejects)
        text += fmt::format("  {}:{}: {}: {}\n", r.source, r.line, r.node, r.reason);
      std::fputs(text.c_str(), stderr);
    }
    return kExitRunFailure;
  }
  if (args.stats) {
    printStats(report);
    printJitStats(jitSession.get());
  }
  // The summary goes to stderr (stdout may carry an output, TO "-"); -q leaves it out.
  if (spdlog::get_level() < spdlog::level::err) {
    printSummary(report, args.file, options.effectiveThreads());
    if (args.noHandlers) std::fputs("  handlers: off (--no-handlers)\n", stderr);
    if (args.verify) std::fprintf(stderr, "  verified: %zu nodes\n", report.verifiedNodes);
  }
  return kExitOk;
}

}  // namespace

void addRunCommand(CLI::App& app, int* exitCode) {
  auto* cmd = app.add_subcommand("run", "run a workflow");
  static RunArgs args;
  cmd->add_option("FILE", args.file, "the .scope workflow")->required();
  cmd->add_option("-p,--param", args.params, "set a PARAM: -p name=value (repeatable)");
  cmd->add_option("--threads", args.threads,
                  "worker threads (default: SET threads, popper.yaml, or the hardware's)")
      ->check(CLI::Range(1, 256));
  cmd->add_flag("--no-jit", args.noJit, "interpret expressions instead of compiling them with the LLVM JIT");
  cmd->add_flag("--stats", args.stats, "print rows in/out and time per plan node");
  cmd->add_flag("--no-handlers", args.noHandlers, "run every HANDLE as a pass-through (no corrections)");
  cmd->add_flag("--verify", args.verify,
                "after the run, recompute every node from its inputs' live rows and fail on any difference");
  cmd->add_option("--out-dir", args.outDir,
                  "folder for relative output paths and rejects.jsonl (default: .)");
  cmd->add_option("--config", args.config, "popper.yaml with params and options (default: ./popper.yaml)");
  cmd->add_option("--report", args.report,
                  "write the run's summary as JSON to this file (docs/run-report.md; - for standard output)");
  cmd->add_option(
      "--trace", args.trace,
      "write Chrome trace events (operator steps per thread, barriers, JIT compiles) to this file, "
      "for Perfetto");
  cmd->add_option("--store", args.store, "the run store's folder (default: $POPPER_STORE, else ./.popper)");
  cmd->add_flag("--no-record", args.noRecord, "do not record this run in the run store");
  cmd->add_flag("--progress", args.progress,
                "print 'popper: progress {\"rows_read\": N, \"seconds\": S, \"nodes\": {...}}' on stderr "
                "about every 200 ms");
  addOptimizerFlags(cmd, args.optimizer);
  cmd->callback([exitCode] { *exitCode = runWorkflow(args); });
}

}  // namespace popper::cli

// Engine: executes a PhysicalPlan (exactly the plan the planner produced):
// creates one operator per node, runs them on the scheduler, then, if the
// run succeeded, commits every output, rejects.jsonl and corrections.jsonl together (one
// FileTransaction; a failed run commits nothing and removes every temporary
// file). A plan with handlers runs as
// one live dataflow in correction waves (see Engine.cpp and CorrectionLog.h)
// until no handler asks for a new correction. The report accounts for every
// input row: input = output + filtered + rejected (for single-output runs).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/plan/PhysicalPlan.h"
#include "runtime/catalog/OperatorCatalog.h"
#include "runtime/exec/RejectSink.h"
#include "runtime/exec/RunOptions.h"
#include "runtime/exec/TraceRecorder.h"
#include "runtime/expr/ExprEvaluator.h"
#include "runtime/ops/GroundTruth.h"
#include "runtime/ops/NodeCounters.h"

namespace popper::engine {

struct RunReport {
  Status status;  // ok, or why the run failed (exit code 3)
  struct NodeStats {
    plan::NodeId id = plan::kNoNode;
    std::string kind;
    std::string name;
    ops::NodeCounters counters;
  };
  struct FileStats {
    std::string path;  // as written in the workflow
    uint64_t rows = 0;
    std::optional<ops::EvaluationScore> evaluation = std::nullopt;  // outputs with EVALUATE AGAINST
  };
  std::vector<NodeStats> nodes;
  std::vector<FileStats> outputs;  // rows written per output
  std::vector<FileStats> inputs;   // records read per extractor
  uint64_t rejected = 0;
  uint64_t filtered = 0;
  std::string rejectsPath;      // "" when no rejects file was committed
  uint64_t corrections = 0;     // corrections applied (lines of the corrections file)
  std::string correctionsPath;  // "" when no corrections file was committed
  // The first rejects (sorted; a failed run writes no rejects file, they say what went wrong).
  static constexpr size_t kFirstRejects = 5;
  std::vector<exec::RejectRecord> firstRejects;
  struct HandlerStats {
    std::string name;
    uint64_t checked = 0, detected = 0, corrected = 0, passed = 0, dropped = 0,
             rejected = 0;                         // live at the end
    uint64_t edits = 0, appends = 0, deletes = 0;  // corrections applied over the whole run
  };
  std::vector<HandlerStats> handlers;
  size_t verifiedNodes = 0;  // --verify: nodes the VerifyLog recomputed and compared
  size_t waves = 1;  // barriers of a run with handlers: one per epoch, plus one per wave of corrections
  double barrierSeconds = 0;  // time the engine spent at those barriers (sources in the waves paused)
  double seconds = 0;
};

// Where a run is, for a progress display.
struct RunProgress {
  uint64_t rowsRead = 0;  // records read by all extractors
  double seconds = 0;
  // Per extractor and PROCESS (model operators): its rowset and the rows it
  // read (an extractor) or received so far, in plan order.
  std::vector<std::pair<std::string, uint64_t>> nodes;
};

struct EngineHooks {
  // Called about every 200 ms from a monitor thread.
  std::function<void(const RunProgress&)> progress;
  // Where PROCESS, REDUCE, COMBINE, extractors and outputters are made
  // (required): the catalog the workflow was checked against.
  const catalog::OperatorCatalog* catalog = nullptr;
  // Makes every expression's evaluator; unset: the interpreter's. The CLI
  // hands over its JitSession's (compiler/jit) unless --no-jit.
  EvaluatorFactory evaluators;
  // `popper run --trace`: records every operator step and barrier (null: nothing is recorded).
  exec::TraceRecorder* trace = nullptr;
  // What the engine is doing (how it runs the plan, each barrier), for `-v`
  // and `-vv`; unset: nothing is said.
  enum class LogLevel { Info, Debug };
  std::function<void(LogLevel, const std::string&)> log;
};

RunReport runPlan(const plan::PhysicalPlan& plan, const exec::RunOptions& options,
                  const EngineHooks& hooks = {});

}  // namespace popper::engine

// The plugin API end to end inside one process: loading the example plugin,
// its signatures in the registry, its declared back edge in the plan, and
// ProcessOp turning FixUnits' edit into a pending correction (or, past
// max_rounds, into a rejected row).
#include <doctest/doctest.h>

#include <map>

#include "compiler/parse/Parser.h"
#include "compiler/plan/Lowering.h"
#include "compiler/sema/Analyzer.h"
#include "runtime/correction/CorrectionLog.h"
#include "runtime/data/Value.h"
#include "runtime/ops/ProcessOp.h"
#include "runtime/plugin/PluginLoader.h"
#include "tests/support/TestCatalog.h"

using namespace popper;

namespace {

class Context : public ops::OperatorContext {
 public:
  void emit(Delta&& d) override { deltas.push_back(std::move(d)); }
  Status reject(uint64_t line, std::string reason, const std::string&) override {
    rejects.emplace_back(line, std::move(reason));
    return Status::ok();
  }
  ops::NodeCounters& counters() override { return counters_; }

  std::vector<Delta> deltas;
  std::vector<std::pair<uint64_t, std::string>> rejects;

 private:
  ops::NodeCounters counters_;
};

struct Planned {
  std::unique_ptr<SourceFile> file;
  std::optional<BoundProgram> program;
  plan::Dataflow flow;
  std::string errors;
};

Planned planOf(const std::string& text) {
  Planned p;
  p.file = std::make_unique<SourceFile>("wf.scope", text);
  DiagnosticEngine diags(*p.file);
  ast::Workflow workflow = parseWorkflow(*p.file, diags);
  p.program = analyze(workflow, *p.file, testing::testAnalyzeOptions(), diags);
  p.errors = renderText(diags, false);
  if (p.program) p.flow = plan::lowerProgram(*p.program);
  return p;
}

plan::NodeId nodeNamed(const plan::Dataflow& flow, const std::string& name) {
  for (const plan::PlanNode& n : flow.nodes)
    if (n.name == name) return n.id;
  return plan::kNoNode;
}

const char* kWorkflow = R"(
raw    = EXTRACT sensor:string, value:float FROM "readings.kv" USING KeyValue();
meters = PROCESS raw USING FixUnits(value: value, target: "raw") PRODUCE meters:float;
OUTPUT meters TO "out.csv" USING Csv();
)";

// Rows of `raw` (sensor, value) with ids at positions 1, 2, ...
Delta rawRows(const Schema& schema, const std::vector<std::pair<std::string, double>>& rows) {
  Delta d;
  d.rows = Batch(std::make_shared<const Schema>(schema));
  for (size_t i = 0; i < rows.size(); ++i) {
    d.rows.addRowMeta(RowId::make(i + 1, 0), kInsert);
    d.rows.column(0).strings.push_back(d.rows.arena().store(rows[i].first));
    d.rows.column(1).floats.push_back(rows[i].second);
  }
  return d;
}

// The CorrectionLog must hold the target's rows to trace to (its tap records them in a run).
void recordTargetRows(correction::CorrectionLog& log, plan::NodeId target, const Delta& d) {
  log.addTarget(target);
  log.recordRows(target, d, false);
}

Delta copyOf(const Delta& d) { return shareDelta(d); }

// `workflow` planned (its plugins loaded) and its PROCESS node `process` made
// an operator; held by pointer, as the operator refers into the plan.
struct PluginProcess {
  Planned p;
  plan::NodeId raw = plan::kNoNode, process = plan::kNoNode;
  std::unique_ptr<ops::ProcessOp> op;
};

std::unique_ptr<PluginProcess> processOf(const std::string& workflow, const std::string& process) {
  auto out = std::make_unique<PluginProcess>();
  out->p = planOf(workflow);
  REQUIRE_MESSAGE(out->p.program, out->p.errors);
  out->raw = nodeNamed(out->p.flow, "raw");
  out->process = nodeNamed(out->p.flow, process);
  auto op =
      ops::ProcessOp::create(out->p.flow.node(out->process), out->p.flow, testing::testCatalog(), false);
  REQUIRE(op);
  out->op = std::move(op.value());
  return out;
}

}  // namespace

TEST_CASE("the example plugin loads once and registers its signatures") {
  REQUIRE(pluginhost::loadPlugin(POPPER_EXAMPLE_PLUGIN, testing::testCatalog()).isOk());
  CHECK(pluginhost::loadPlugin(POPPER_EXAMPLE_PLUGIN, testing::testCatalog())
            .isOk());  // a second IMPORT is a no-op
  const OperatorSignature* fix =
      testing::testCatalog().signatures().find("FixUnits", OperatorKind::Processor);
  REQUIRE(fix);
  REQUIRE(fix->backEdges.size() == 1);
  CHECK(fix->backEdges[0].action == ast::ActionKind::EditSet);
  CHECK(fix->backEdges[0].targetArg == "target");
  CHECK_FALSE(fix->rowWise);
  CHECK(testing::testCatalog().signatures().find("Summary", OperatorKind::Reducer));
  CHECK(testing::testCatalog().signatures().find("KeyValue", OperatorKind::Extractor));
  CHECK(testing::testCatalog().signatures().find("Markdown", OperatorKind::Outputter));
  Status missing = pluginhost::loadPlugin("/nonexistent/libnothing.so", testing::testCatalog());
  CHECK(missing.message() == "cannot import plugin '/nonexistent/libnothing.so': no such file");
}

TEST_CASE("a declared back edge becomes a plan back edge to its target") {
  REQUIRE(pluginhost::loadPlugin(POPPER_EXAMPLE_PLUGIN, testing::testCatalog()).isOk());
  Planned p = planOf(kWorkflow);
  REQUIRE_MESSAGE(p.program, p.errors);
  plan::NodeId raw = nodeNamed(p.flow, "raw"), meters = nodeNamed(p.flow, "meters");
  REQUIRE(p.flow.backEdges.size() == 1);
  CHECK(p.flow.backEdges[0].from == meters);
  CHECK(p.flow.backEdges[0].to == raw);
  CHECK(p.flow.backEdges[0].action == -1);
  CHECK(std::string(plan::backEdgeLabelText(p.flow.backEdges[0].label)) == "±");
}

TEST_CASE("FixUnits' edit becomes a pending correction of the traced row") {
  REQUIRE(pluginhost::loadPlugin(POPPER_EXAMPLE_PLUGIN, testing::testCatalog()).isOk());
  auto fix = processOf(kWorkflow, "meters");
  const plan::Dataflow& flow = fix->p.flow;
  plan::NodeId raw = fix->raw, meters = fix->process;
  ops::ProcessOp& op = *fix->op;
  correction::CorrectionLog log;
  op.attachCorrections(&log, 8);

  Delta in = rawRows(flow.node(raw).schema, {{"a", 12.5}, {"b", 4500.0}});
  recordTargetRows(log, raw, in);
  Context ctx;
  REQUIRE(op.consume(0, copyOf(in), ctx).isOk());
  CHECK(ctx.rejects.empty());
  // Only the plausible row is emitted; the other asked for an edit instead.
  REQUIRE(ctx.deltas.size() == 1);
  CHECK(ctx.deltas[0].rows.size() == 1);
  CHECK(ctx.deltas[0].rows.column(2).floats[0] == 12.5);

  REQUIRE(log.applyPending() == 1);
  REQUIRE(log.applied().size() == 1);
  const correction::AppliedCorrection& applied = log.applied()[0];
  CHECK(applied.handler == meters);
  CHECK(applied.kind == ast::ActionKind::EditSet);
  CHECK(applied.target == raw);
  CHECK(applied.traced == RowId::make(2, 0));
  REQUIRE(applied.replacement);
  CHECK(applied.replacement->column(0).strings[0] == "b");
  CHECK(applied.replacement->column(1).floats[0] == 4.5);
  CHECK(log.allCorrections(RowId::make(2, 0)) == 1);

  // The retraction of the row that asked asks nothing again and emits nothing.
  Delta retract = copyOf(in);
  for (auto& w : retract.rows.weights) w = kRetract;
  Context later;
  REQUIRE(op.consume(0, std::move(retract), later).isOk());
  CHECK(later.rejects.empty());
  REQUIRE(later.deltas.size() == 1);
  CHECK(later.deltas[0].rows.size() == 1);
  CHECK(later.deltas[0].rows.weights[0] == kRetract);
  CHECK(log.applyPending() == 0);
}

TEST_CASE("past max_rounds the row asking for a correction is rejected") {
  REQUIRE(pluginhost::loadPlugin(POPPER_EXAMPLE_PLUGIN, testing::testCatalog()).isOk());
  auto fix = processOf(kWorkflow, "meters");
  const plan::Dataflow& flow = fix->p.flow;
  plan::NodeId raw = fix->raw;
  ops::ProcessOp& op = *fix->op;
  correction::CorrectionLog log;
  op.attachCorrections(&log, 0);
  Delta in = rawRows(flow.node(raw).schema, {{"b", 4500.0}});
  recordTargetRows(log, raw, in);
  Context ctx;
  REQUIRE(op.consume(0, copyOf(in), ctx).isOk());
  REQUIRE(ctx.rejects.size() == 1);
  CHECK(ctx.rejects[0].first == 1);
  CHECK(ctx.rejects[0].second ==
        "operator 'FixUnits' rejected the row: its lineage was corrected max_rounds (0) times");
  CHECK(log.applyPending() == 0);
}

TEST_CASE("without a correction log a back-edge request rejects its row") {
  REQUIRE(pluginhost::loadPlugin(POPPER_EXAMPLE_PLUGIN, testing::testCatalog()).isOk());
  auto fix = processOf(kWorkflow, "meters");
  const plan::Dataflow& flow = fix->p.flow;
  plan::NodeId raw = fix->raw;
  ops::ProcessOp& op = *fix->op;
  Context ctx;
  REQUIRE(op.consume(0, rawRows(flow.node(raw).schema, {{"b", 4500.0}, {"c", 1.0}}), ctx).isOk());
  REQUIRE(ctx.rejects.size() == 1);
  CHECK(ctx.rejects[0].second == "operator 'FixUnits' failed: cannot trace the row back to 'raw'");
  REQUIRE(ctx.deltas.size() == 1);
  CHECK(ctx.deltas[0].rows.size() == 1);
}

namespace {

const char* kActionsWorkflow = R"(
raw  = EXTRACT sensor:string, value:float FROM "readings.kv" USING KeyValue();
act  = PROCESS raw USING Actions(value: value, target: "raw", action: "ACTION") PRODUCE out:float;
OUTPUT act TO "out.csv" USING Csv();
)";

// Runs Actions with `action` over rows (a, 1.5), (b, -2.0) whose raw rows the
// log holds; returns the context and the corrections it asked for.
struct ActionsRun {
  Context ctx;
  std::vector<correction::AppliedCorrection> applied;
  plan::NodeId raw = plan::kNoNode, act = plan::kNoNode;
};

ActionsRun runActions(const std::string& action) {
  REQUIRE(pluginhost::loadPlugin(POPPER_EXAMPLE_PLUGIN, testing::testCatalog()).isOk());
  REQUIRE(pluginhost::loadPlugin(POPPER_ACTIONS_PLUGIN, testing::testCatalog()).isOk());
  std::string text = kActionsWorkflow;
  text.replace(text.find("ACTION"), 6, action);
  auto act = processOf(text, "act");
  ActionsRun run;
  run.raw = act->raw;
  run.act = act->process;
  correction::CorrectionLog log;
  act->op->attachCorrections(&log, 8);
  Delta in = rawRows(act->p.flow.node(run.raw).schema, {{"a", 1.5}, {"b", -2.0}});
  recordTargetRows(log, run.raw, in);
  REQUIRE(act->op->consume(0, copyOf(in), run.ctx).isOk());
  log.applyPending();
  run.applied = log.applied();
  return run;
}

}  // namespace

TEST_CASE("a plugin appends beside, deletes and reads the traced row") {
  ActionsRun append = runActions("append");
  CHECK(append.ctx.rejects.empty());
  REQUIRE(append.applied.size() == 1);
  CHECK(append.applied[0].kind == ast::ActionKind::Append);
  CHECK(append.applied[0].target == append.raw);
  CHECK(append.applied[0].traced == RowId::make(2, 0));
  REQUIRE(append.applied[0].replacement);
  CHECK(append.applied[0].replacement->column(1).floats[0] == 2.0);

  ActionsRun remove = runActions("delete");
  CHECK(remove.ctx.rejects.empty());
  REQUIRE(remove.applied.size() == 1);
  CHECK(remove.applied[0].kind == ast::ActionKind::Delete);
  CHECK_FALSE(remove.applied[0].replacement);

  ActionsRun read = runActions("read");
  CHECK(read.ctx.rejects.empty());
  CHECK(read.applied.empty());
  REQUIRE(read.ctx.deltas.size() == 1);
  REQUIRE(read.ctx.deltas[0].rows.size() == 2);
  CHECK(read.ctx.deltas[0].rows.column(2).floats[1] == -2.0);
}

TEST_CASE("an action the signature does not declare rejects the row") {
  ActionsRun edit = runActions("edit");
  CHECK(edit.applied.empty());
  REQUIRE(edit.ctx.rejects.size() == 1);
  CHECK(edit.ctx.rejects[0].first == 2);
  CHECK(edit.ctx.rejects[0].second ==
        "operator 'Actions' failed: operator 'Actions' declares no edit back edge through argument 'target'");
}

TEST_CASE("a plugin whose operator a catalog already has fails each time it is imported into it") {
  catalog::OperatorCatalog mine;
  mine.addProcessor(makeSignature("FixUnits", OperatorKind::Processor, {}, {}),
                    [](const catalog::OperatorSetup&) -> Result<std::unique_ptr<catalog::Processor>> {
                      return Status::unsupported("not this one");
                    });
  for (int attempt = 0; attempt < 2; ++attempt) {
    Status st = pluginhost::loadPlugin(POPPER_EXAMPLE_PLUGIN, mine);
    REQUIRE_FALSE(st.isOk());
    CHECK(st.message().find("an operator of that name and kind already exists") != std::string::npos);
  }
  // The same library still imports into another catalog.
  catalog::OperatorCatalog other;
  CHECK(pluginhost::loadPlugin(POPPER_EXAMPLE_PLUGIN, other).isOk());
  CHECK(other.signatures().find("FixUnits", OperatorKind::Processor) != nullptr);
}

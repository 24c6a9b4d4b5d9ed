// VerifyLog driven directly (without the engine's handler machinery): the
// real operators of a planned workflow run on the scheduler, wrapped by the
// VerifyLog, and check() must accept a correct run and catch a deliberately
// corrupted one (a changed value, a lost retraction, a handler holding back
// a clean row, an output writing the wrong rows, a back-edge target whose
// corrections are not what it emitted) with a report naming node and row.
#include <doctest/doctest.h>

#include <functional>

#include "../runtime_exec/exec_test_support.h"
#include "runtime/exec/OperatorFactory.h"
#include "runtime/exec/RejectSink.h"
#include "runtime/exec/Scheduler.h"
#include "runtime/ops/OutputOp.h"
#include "runtime/ops/WrappingOperator.h"
#include "runtime/verify/VerifyLog.h"
#include "tests/support/TestCatalog.h"

using namespace popper;
using namespace popper::exec;
using namespace popper::engine;
using namespace popper::correction;
using namespace popper::verify;
using namespace popper::exec::test;

namespace {

// Replaces the operator of a node before the VerifyLog wraps it (null: the real one).
using OperatorOverride = std::function<std::unique_ptr<ops::PhysicalOperator>(
    const plan::PlanNode&, std::unique_ptr<ops::PhysicalOperator>)>;

struct VerifiedRun {
  Status run;
  Status verified;
  size_t nodesChecked = 0;
};

VerifiedRun runVerified(const plan::PhysicalPlan& plan, const std::filesystem::path& dir,
                        const OperatorOverride& override = {},
                        std::vector<VerifiedCorrection> corrections = {},
                        std::function<uint64_t(plan::NodeId, uint64_t)> adjustWritten = {},
                        std::function<void(plan::PhysicalDecisions&)> adjustAnalysis = {}) {
  plan::PhysicalDecisions analysis = plan.decisions;
  if (adjustAnalysis) adjustAnalysis(analysis);
  RunOptions options;
  options.workflowDir = dir.string();
  options.outDir = (dir / "out").string();
  options.batchSize = 3;
  options.threads = 2;
  const catalog::OperatorCatalog& library = testing::testCatalog();
  VerifyLog log(plan);
  FileTransaction files;  // never committed: the outputs are only verified
  RejectSink rejects(-1);
  std::vector<ActorSpec> specs;
  auto consumers = plan.dataflow.consumers();
  for (const plan::PlanNode& node : plan.dataflow.nodes) {
    std::unique_ptr<ops::PhysicalOperator> op;
    if (!node.is<plan::HandleNode>()) {
      auto created = createOperator(plan, analysis, node.id, options, library, nullptr, nullptr,
                                    interpreterFactory(), &files);
      REQUIRE_MESSAGE(created, created.status().message());
      op = std::move(created.value());
    }
    if (override) op = override(node, std::move(op));
    REQUIRE(op);
    ActorSpec s;
    s.op = log.wrap(node.id, std::move(op));
    s.numInputs = static_cast<int>(node.inputs.size());
    for (const plan::ForwardEdge& e : consumers[static_cast<size_t>(node.id)])
      s.consumers.push_back({e.to, e.port});
    s.name = node.name;
    specs.push_back(std::move(s));
  }
  Scheduler scheduler(std::move(specs), rejects, 2);
  VerifiedRun result;
  result.run = scheduler.run(options.threads);
  VerifyContext ctx{analysis, options, library, std::move(corrections), [&](plan::NodeId id) {
                      uint64_t written = static_cast<ops::OutputOp&>(scheduler.op(id)).rowsWritten();
                      return adjustWritten ? adjustWritten(id, written) : written;
                    }};
  result.verified = log.check(ctx);
  result.nodesChecked = log.nodesChecked();
  for (const plan::PlanNode& node : plan.dataflow.nodes) scheduler.op(node.id).abort();
  return result;
}

// Passes everything through, after letting `edit` change each emitted delta.
class EditingOp : public ops::WrappingOperator {
 public:
  using Edit = std::function<void(Delta&)>;
  EditingOp(std::unique_ptr<ops::PhysicalOperator> inner, Edit edit)
      : WrappingOperator(std::move(inner)), edit_(std::move(edit)) {}

 protected:
  void onEmit(Delta&& d, ops::OperatorContext& outer) override {
    edit_(d);
    outer.emit(std::move(d));
  }

 private:
  Edit edit_;
};

// A stand-in HANDLE: forwards the rows `keep` accepts.
class KeepingHandle : public ops::PhysicalOperator {
 public:
  explicit KeepingHandle(std::function<bool(const Batch&, size_t)> keep) : keep_(std::move(keep)) {}
  Status consume(int, Delta&& in, ops::OperatorContext& ctx) override {
    Delta out;
    out.rows = Batch(in.rows.schemaPtr());
    for (size_t r = 0; r < in.rows.size(); ++r) {
      if (!keep_(in.rows, r)) continue;
      out.rows.appendRows(in.rows, r, r + 1);
      if (!in.keys.empty()) out.keys.push_back(in.keys[r]);
    }
    ctx.emit(std::move(out));
    return Status::ok();
  }

 private:
  std::function<bool(const Batch&, size_t)> keep_;
};

plan::NodeId nodeNamed(const plan::PhysicalPlan& plan, const std::string& name) {
  for (const plan::PlanNode& n : plan.dataflow.nodes)
    if (n.name == name) return n.id;
  FAIL("no node named " << name);
  return plan::kNoNode;
}

const char* kRelational = R"(
  t  = EXTRACT id:int, seg:string, v:int FROM "t.csv" USING Csv(header: true);
  d  = EXTRACT seg:string, name:string FROM "d.csv" USING Csv(header: true);
  f  = SELECT id, seg, v * 2 AS w FROM t WHERE v > 1;
  g  = SELECT seg, COUNT(*) AS n, SUM(w) AS total, MAX(w) AS top FROM f GROUP BY seg HAVING n > 1;
  j  = SELECT f.id, d.name, f.w FROM f JOIN d ON f.seg == d.seg;
  u  = UNION (SELECT id FROM f), (SELECT id FROM j);
  OUTPUT g TO "g.csv" USING Csv(header: true) ORDER BY seg;
  OUTPUT j TO "j.csv" USING Csv(header: true);
  OUTPUT u TO "u.csv" USING Csv();
)";

// The plan with every edge into a GROUP BY marked as carrying retractions:
// the tests below inject retractions the planner proved impossible, and a
// GROUP BY behind an insert-only edge rightly refuses them (runtime/ops/GroupTable.h).
plan::PhysicalPlan allowingRetractions(plan::PhysicalPlan plan) {
  for (plan::EdgeInfo& e : plan.aux.edges)
    if (plan.dataflow.node(e.edge.to).is<plan::AggregateNode>()) e.changes.deletes = true;
  return plan;
}

std::filesystem::path relationalData(const std::string& name) {
  auto dir = scratchDir("verify-" + name);
  writeFile(dir / "t.csv", "id,seg,v\n1,A,5\n2,B,1\n3,A,7\n4,C,2\n5,B,3\n6,A,2\n7,B,9\n8,D,4\n");
  writeFile(dir / "d.csv", "seg,name\nA,alpha\nB,beta\nC,gamma\n");
  return dir;
}

}  // namespace

TEST_CASE("a correct run verifies: every node recomputed equals its live rows") {
  auto dir = relationalData("clean");
  plan::PhysicalPlan plan = planText(kRelational);
  VerifiedRun r = runVerified(plan, dir);
  REQUIRE_MESSAGE(r.run.isOk(), r.run.message());
  CHECK_MESSAGE(r.verified.isOk(), r.verified.message());
  CHECK(r.nodesChecked == plan.dataflow.size());
  std::filesystem::remove_all(dir);
}

TEST_CASE("a changed value in a node's output is reported with the node, the row and both counts") {
  auto dir = relationalData("changed");
  plan::PhysicalPlan plan = planText(kRelational);
  plan::NodeId f = nodeNamed(plan, "f");
  int changed = 0;
  VerifiedRun r =
      runVerified(plan, dir, [&](const plan::PlanNode& node, std::unique_ptr<ops::PhysicalOperator> op) {
        if (node.id != f) return op;
        return std::unique_ptr<ops::PhysicalOperator>(new EditingOp(std::move(op), [&](Delta& d) {
          // Row id 3 (w = 14) leaves f as w = 15.
          for (size_t r = 0; r < d.rows.size(); ++r)
            if (d.rows.column(0).ints[r] == 3) d.rows.column(2).ints[r] = 15, ++changed;
        }));
      });
  REQUIRE(r.run.isOk());
  REQUIRE(changed == 1);
  REQUIRE_FALSE(r.verified.isOk());
  const std::string& report = r.verified.message();
  INFO(report);
  CHECK(report.find("'f' (") != std::string::npos);
  CHECK(report.find("2 differences") != std::string::npos);
  CHECK(report.find("row (3, \"A\", 14) (RowId ") != std::string::npos);
  CHECK(report.find("): expected 1 copy, live 0 copies") != std::string::npos);
  CHECK(report.find("row (3, \"A\", 15) (RowId ") != std::string::npos);
  CHECK(report.find("): expected 0 copies, live 1 copy") != std::string::npos);
  // Downstream nodes recomputed from f's live rows agree with what they got,
  // so the difference is pinned on f alone.
  CHECK(report.find("'g' (") == std::string::npos);
  CHECK(report.find("'j' (") == std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a retraction with no matching insertion shows up as a negative live count") {
  auto dir = relationalData("retraction");
  plan::PhysicalPlan plan = allowingRetractions(planText(kRelational));
  plan::NodeId t = nodeNamed(plan, "t");
  VerifiedRun r =
      runVerified(plan, dir, [&](const plan::PlanNode& node, std::unique_ptr<ops::PhysicalOperator> op) {
        if (node.id != t) return op;
        return std::unique_ptr<ops::PhysicalOperator>(new EditingOp(std::move(op), [](Delta& d) {
          for (size_t r = 0; r < d.rows.size(); ++r)
            if (d.rows.column(0).ints[r] == 8) d.rows.weights[r] = kRetract;
        }));
      });
  REQUIRE(r.run.isOk());
  REQUIRE_FALSE(r.verified.isOk());
  INFO(r.verified.message());
  CHECK(r.verified.message().find("'t' (Extract") != std::string::npos);
  CHECK(r.verified.message().find("row (8, \"D\", 4)") != std::string::npos);
  CHECK(r.verified.message().find("expected 1 copy, live -1 copies") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("an output that wrote another number of rows than it received is reported") {
  auto dir = relationalData("output");
  plan::PhysicalPlan plan = planText(kRelational);
  plan::NodeId j = nodeNamed(plan, "j");
  plan::NodeId out = plan::kNoNode;
  for (const plan::PlanNode& n : plan.dataflow.nodes)
    if (n.is<plan::OutputNode>() && n.inputs[0] == j) out = n.id;
  REQUIRE(out != plan::kNoNode);
  // The output claims one row less than it got.
  VerifiedRun r = runVerified(plan, dir, {}, {}, [&](plan::NodeId id, uint64_t written) {
    return id == out ? written - 1 : written;
  });
  REQUIRE(r.run.isOk());
  REQUIRE_FALSE(r.verified.isOk());
  INFO(r.verified.message());
  // j: rows 1, 3, 6 (A), 4 (C), 5, 7 (B) join; 2 fails v > 1, 8 has no segment.
  CHECK(r.verified.message().find(
            "the run wrote 5 rows to 'j.csv', but replaying the changes it received writes 6") !=
        std::string::npos);
  CHECK(r.verified.message().find("1 difference ") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("an output that wrote a retracted row is reported with the row's text") {
  auto dir = relationalData("streamed");
  plan::PhysicalPlan plan = allowingRetractions(planText(kRelational));
  plan::NodeId f = nodeNamed(plan, "f"), j = nodeNamed(plan, "j");
  plan::NodeId out = plan::kNoNode;
  for (const plan::PlanNode& n : plan.dataflow.nodes)
    if (n.is<plan::OutputNode>() && n.inputs[0] == j) out = n.id;
  // f retracts row 1 and inserts it again; j.csv is made to stream (as if
  // no retraction could reach it), so it writes the retraction as a row.
  VerifiedRun r = runVerified(
      plan, dir,
      [&](const plan::PlanNode& node, std::unique_ptr<ops::PhysicalOperator> op) {
        if (node.id != f) return op;
        return std::unique_ptr<ops::PhysicalOperator>(new EditingOp(std::move(op), [](Delta& d) {
          for (size_t r = 0, n = d.rows.size(); r < n; ++r) {
            if (d.rows.column(0).ints[r] != 1) continue;
            for (Weight w : {kRetract, kInsert}) {
              d.rows.appendRows(d.rows, r, r + 1);
              d.rows.weights.back() = w;
              if (!d.keys.empty()) d.keys.push_back(d.keys[r]);
            }
          }
        }));
      },
      {}, {}, [&](plan::PhysicalDecisions& a) { a.streaming[static_cast<size_t>(out)] = true; });
  REQUIRE(r.run.isOk());
  REQUIRE_FALSE(r.verified.isOk());
  INFO(r.verified.message());
  CHECK(r.verified.message().find("wrote '1,alpha,10' to 'j.csv' more often than its input has it live") !=
        std::string::npos);
  CHECK(r.verified.message().find("2 differences") != std::string::npos);
  std::filesystem::remove_all(dir);
}

namespace {

const char* kHandled = R"(
  t = EXTRACT id:int, a:int FROM "t.csv" USING Csv(header: true);
  s = SELECT id, a, a * 10 AS b FROM t;
  h = HANDLE s DETECT a > 5 CORRECT EDIT t SET a = 0;
  OUTPUT h TO "h.csv" USING Csv(header: true);
)";

struct HandledCase {
  std::filesystem::path dir;
  plan::PhysicalPlan plan;
  plan::NodeId t, h;
  RowId bad;       // the row (2, 9): its record starts on line 3
  RowId injected;  // its edited copy (2, 0)
  std::shared_ptr<Batch> replacement;

  explicit HandledCase(const std::string& name)
      : dir(scratchDir("verify-" + name)), plan(planText(kHandled)) {
    writeFile(dir / "t.csv", "id,a\n1,3\n2,9\n3,4\n");
    t = nodeNamed(plan, "t");
    h = nodeNamed(plan, "h");
    bad = RowId::make(3, static_cast<uint64_t>(t));
    injected = RowId::make(3, RowId::kMaxSource, 1);
    const plan::PlanNode& target = plan.dataflow.node(t);
    replacement = std::make_shared<Batch>(std::make_shared<const Schema>(target.schema));
    replacement->addRowMeta(injected, kInsert);
    replacement->column(0).ints.push_back(2);
    replacement->column(1).ints.push_back(0);
  }
  ~HandledCase() { std::filesystem::remove_all(dir); }

  // t emits the edited copy in place of the bad row, as the engine's
  // correction of it would; the handler forwards what `keep` accepts.
  OperatorOverride correctedRun(std::function<bool(const Batch&, size_t)> keep, bool applyEdit = true) {
    return [this, keep, applyEdit](const plan::PlanNode& node, std::unique_ptr<ops::PhysicalOperator> op) {
      if (node.id == h) return std::unique_ptr<ops::PhysicalOperator>(new KeepingHandle(keep));
      if (node.id != t || !applyEdit) return op;
      return std::unique_ptr<ops::PhysicalOperator>(new EditingOp(std::move(op), [this](Delta& d) {
        for (size_t r = 0; r < d.rows.size(); ++r)
          if (d.rows.rowIds[r] == bad && d.rows.column(1).ints[r] == 9) {
            d.rows.rowIds[r] = injected;
            d.rows.column(1).ints[r] = 0;
          }
      }));
    };
  }
  std::vector<VerifiedCorrection> edit() const { return {{t, ast::ActionKind::EditSet, bad, replacement}}; }
};

bool notDetected(const Batch& b, size_t r) { return b.column(1).ints[r] <= 5; }

}  // namespace

TEST_CASE("a back-edge target verifies as its recomputation with the applied corrections") {
  HandledCase c("target-ok");
  VerifiedRun r = runVerified(c.plan, c.dir, c.correctedRun(notDetected), c.edit());
  REQUIRE(r.run.isOk());
  CHECK_MESSAGE(r.verified.isOk(), r.verified.message());
  CHECK(r.nodesChecked == c.plan.dataflow.size());
}

TEST_CASE("a target that emitted an edit nobody applied is reported") {
  HandledCase c("target-unapplied");
  VerifiedRun r = runVerified(c.plan, c.dir, c.correctedRun(notDetected), {});
  REQUIRE(r.run.isOk());
  REQUIRE_FALSE(r.verified.isOk());
  INFO(r.verified.message());
  CHECK(r.verified.message().find("'t' (Extract") != std::string::npos);
  CHECK(r.verified.message().find("row (2, 9)") != std::string::npos);
  CHECK(r.verified.message().find("row (2, 0)") != std::string::npos);
}

TEST_CASE("a target that did not apply a logged edit or delete is reported") {
  HandledCase c("target-missed");
  std::vector<VerifiedCorrection> corrections = c.edit();
  corrections.push_back({c.t, ast::ActionKind::Delete, RowId::make(4, static_cast<uint64_t>(c.t)), nullptr});
  // The edit is applied but the delete of (3, 4) is not.
  VerifiedRun r = runVerified(c.plan, c.dir, c.correctedRun(notDetected), corrections);
  REQUIRE(r.run.isOk());
  REQUIRE_FALSE(r.verified.isOk());
  INFO(r.verified.message());
  CHECK(r.verified.message().find("row (3, 4)") != std::string::npos);
  CHECK(r.verified.message().find("expected 0 copies, live 1 copy") != std::string::npos);
  CHECK(r.verified.message().find("1 difference ") != std::string::npos);
}

TEST_CASE(
    "injected rows hang off the row they replace or sit beside, so chains of corrections are followed") {
  HandledCase c("target-chain");
  // An APPEND beside the injected copy, then an EDIT of that append: the
  // chain bad -> injected -> appended -> edited leaves injected and edited live.
  auto appended = std::make_shared<Batch>(c.replacement->schemaPtr());
  appended->addRowMeta(RowId::make(3, RowId::kMaxSource, 2), kInsert);
  appended->column(0).ints.push_back(2);
  appended->column(1).ints.push_back(1);
  auto edited = std::make_shared<Batch>(c.replacement->schemaPtr());
  edited->addRowMeta(RowId::make(3, RowId::kMaxSource, 3), kInsert);
  edited->column(0).ints.push_back(2);
  edited->column(1).ints.push_back(2);
  std::vector<VerifiedCorrection> corrections = c.edit();
  corrections.push_back({c.t, ast::ActionKind::Append, c.injected, appended});
  corrections.push_back({c.t, ast::ActionKind::EditSet, appended->rowIds[0], edited});
  // An append beside a row t does not hold (retracted upstream) is not live.
  corrections.push_back(
      {c.t, ast::ActionKind::Append, RowId::make(99, static_cast<uint64_t>(c.t)), appended});
  VerifiedRun r = runVerified(c.plan, c.dir, c.correctedRun(notDetected), corrections);
  REQUIRE(r.run.isOk());
  REQUIRE_FALSE(r.verified.isOk());
  INFO(r.verified.message());
  // t emitted only the first edit: the edited append (2, 2) is missing, the
  // retracted append (2, 1) is not expected.
  CHECK(r.verified.message().find("row (2, 2)") != std::string::npos);
  CHECK(r.verified.message().find("row (2, 1)") == std::string::npos);
  CHECK(r.verified.message().find("1 difference ") != std::string::npos);
}

TEST_CASE("a handler that holds back a row whose DETECT is false is reported") {
  HandledCase c("handle-held");
  VerifiedRun r = runVerified(
      c.plan, c.dir, c.correctedRun([](const Batch& b, size_t r) { return b.column(0).ints[r] != 3; }),
      c.edit());
  REQUIRE(r.run.isOk());
  REQUIRE_FALSE(r.verified.isOk());
  INFO(r.verified.message());
  CHECK(r.verified.message().find("'h' (Handle") != std::string::npos);
  CHECK(r.verified.message().find("row (3, 4, 40)") != std::string::npos);
  CHECK(r.verified.message().find("DETECT is false but it was held back") != std::string::npos);
}

TEST_CASE("a handler may hold back a detected row and pass another on") {
  HandledCase c("handle-detected");
  // No correction applied: the handler sees (2, 9, 90), detected; holding it back is fine.
  VerifiedRun r = runVerified(c.plan, c.dir, c.correctedRun(notDetected, false), {});
  REQUIRE(r.run.isOk());
  CHECK_MESSAGE(r.verified.isOk(), r.verified.message());
  VerifiedRun passed =
      runVerified(c.plan, c.dir, c.correctedRun([](const Batch&, size_t) { return true; }, false), {});
  CHECK_MESSAGE(passed.verified.isOk(), passed.verified.message());
}

// The `pushdown` pass.
#include <doctest/doctest.h>

#include "compiler/opt/Passes.h"
#include "compiler/plan/ExprFormat.h"
#include "compiler/plan/Verifier.h"
#include "tests/support/DataflowBuilder.h"

using namespace popper;
using namespace popper::plan;

namespace {

std::string predicateOf(const Dataflow& flow, NodeId id) {
  const PlanNode& n = flow.node(id);
  return formatExpr(n.as<FilterNode>().predicate, flow.node(n.inputs[0]).schema);
}

}  // namespace

TEST_CASE("a filter on passed-through columns moves below a row-wise model operator") {
  Dataflow flow = DataflowBuilder()
                      .extract("in.txt", "line:string, n:int", "Lines")
                      .process("Sentiment", "sentiment:string", {{"text", "line"}})
                      .filter(fn(BuiltinFunc::Len, {col("line")}) > lit(3))
                      .output("o.csv")
                      .build();
  opt::ChangeLog log;
  opt::pushdownPass(flow, log);
  REQUIRE(flow.size() == 4);
  CHECK(flow.node(1).is<FilterNode>());
  CHECK(flow.node(2).is<ProcessNode>());
  CHECK(flow.node(2).inputs == std::vector<NodeId>{1});
  CHECK(flow.node(3).inputs == std::vector<NodeId>{2});
  CHECK(predicateOf(flow, 1) == "len(line) > 3");
  CHECK(log == opt::ChangeLog{"Filter #2: len(line) > 3 moved below Process #1"});
  CHECK(verifyDataflow(flow).isOk());
}

TEST_CASE("only the conjuncts on available columns move; the rest stays above") {
  Dataflow flow = DataflowBuilder()
                      .extract("in.txt", "line:string, n:int", "Lines")
                      .process("Sentiment", "sentiment:string", {{"text", "line"}})
                      .filter(col("n") > lit(0) && col("sentiment") == lit("positive"))
                      .output("o.csv")
                      .build();
  opt::ChangeLog log;
  opt::pushdownPass(flow, log);
  REQUIRE(flow.size() == 5);
  CHECK(predicateOf(flow, 1) == "n > 0");
  CHECK(predicateOf(flow, 3) == "sentiment == \"positive\"");
  CHECK(verifyDataflow(flow).isOk());
}

TEST_CASE(
    "filters stay above produced columns, non-row-wise operators, raising conjuncts and shared inputs") {
  SUBCASE("reads a produced column") {
    Dataflow flow = DataflowBuilder()
                        .extract("in.txt", "line:string", "Lines")
                        .process("Sentiment", "sentiment:string", {{"text", "line"}})
                        .filter(col("sentiment") == lit("positive"))
                        .output("o.csv")
                        .build();
    opt::ChangeLog log;
    opt::pushdownPass(flow, log);
    CHECK(log.empty());
  }
  SUBCASE("not row-wise") {
    Dataflow flow = DataflowBuilder()
                        .extract("in.txt", "line:string", "Lines")
                        .process("Tokenize", "token:string", {{"text", "line"}}, false)
                        .filter(col("line") != lit(""))
                        .output("o.csv")
                        .build();
    opt::ChangeLog log;
    opt::pushdownPass(flow, log);
    CHECK(log.empty());
  }
  SUBCASE("a conjunct that can raise a row error") {
    Dataflow flow = DataflowBuilder()
                        .extract("in.csv", "a:int", "Csv")
                        .process("Identity", "c:int")
                        .filter(lit(10) / col("a") > lit(1))
                        .output("o.csv")
                        .build();
    opt::ChangeLog log;
    opt::pushdownPass(flow, log);
    CHECK(log.empty());
  }
  SUBCASE("the operator below feeds another consumer") {
    NodeId p;
    DataflowBuilder b;
    b.extract("in.csv", "a:int")
        .process("Identity", "c:int")
        .capture(p)
        .filter(col("a") > lit(1))
        .output("o.csv");
    b.from(p).output("all.csv");
    Dataflow flow = b.build();
    opt::ChangeLog log;
    opt::pushdownPass(flow, log);
    CHECK(log.empty());
  }
}

TEST_CASE("never below a back-edge target") {
  NodeId target;
  Dataflow flow = DataflowBuilder()
                      .extract("in.csv", "a:int")
                      .capture(target)
                      .process("Identity", "c:int")
                      .capture(target)
                      .filter(col("a") > lit(1))
                      .handle(col("c") < lit(0), {editSet(target, {{"c", lit(0)}})})
                      .output("o.csv")
                      .build();
  opt::ChangeLog log;
  opt::pushdownPass(flow, log);
  CHECK(log.empty());
}

TEST_CASE("a filter is copied below a union, one copy per input") {
  NodeId a, b2;
  DataflowBuilder b;
  b.extract("a.csv", "x:int, s:string").capture(a);
  b.extract("b.csv", "x:int, s:string").capture(b2);
  b.from(a).unionWith({b2}).filter(col("x") > lit(5)).output("o.csv");
  Dataflow flow = b.build();
  opt::ChangeLog log;
  opt::pushdownPass(flow, log);
  CHECK(log.size() == 2);
  REQUIRE(flow.size() == 6);  // two extracts, two filters, the union, the output
  const PlanNode& u = flow.node(4);
  REQUIRE(u.is<UnionNode>());
  CHECK(flow.node(u.inputs[0]).is<FilterNode>());
  CHECK(flow.node(u.inputs[1]).is<FilterNode>());
  CHECK(flow.node(5).inputs[0] == 4);
  CHECK(verifyDataflow(flow).isOk());
}

TEST_CASE("join conjuncts move to the side whose columns they read") {
  NodeId segs;
  DataflowBuilder b;
  b.extract("segs.csv", "seg:string, name:string").capture(segs);
  b.extract("trips.csv", "id:int, seg:string, speed:float")
      .join(segs, "seg", "seg")
      .filter(col("speed") > lit(1.0) && col("name") != lit(""))
      .output("o.csv");
  Dataflow flow = b.build();
  opt::ChangeLog log;
  opt::pushdownPass(flow, log);
  REQUIRE(log.size() == 2);
  CHECK(log[0].find("(left side)") != std::string::npos);
  CHECK(log[1].find("(right side)") != std::string::npos);
  CHECK(verifyDataflow(flow).isOk());
  const PlanNode* join = nullptr;
  for (const PlanNode& n : flow.nodes)
    if (n.is<JoinNode>()) join = &n;
  REQUIRE(join);
  CHECK(predicateOf(flow, join->inputs[0]) == "speed > 1.0");
  CHECK(predicateOf(flow, join->inputs[1]) == "name != \"\"");
  CHECK(flow.node(static_cast<NodeId>(flow.size() - 1)).inputs[0] == join->id);
}

TEST_CASE("a filter passes a renaming projection on its way down") {
  Dataflow flow = DataflowBuilder()
                      .extract("in.txt", "line:string", "Lines")
                      .process("Sentiment", "sentiment:string", {{"text", "line"}})
                      .project({{"text", col("line")}, {"mood", col("sentiment")}})
                      .filter(col("text") != lit(""))
                      .output("o.csv")
                      .build();
  opt::ChangeLog log;
  opt::pushdownPass(flow, log);
  CHECK(log.size() == 2);
  CHECK(flow.node(1).is<FilterNode>());
  CHECK(predicateOf(flow, 1) == "line != \"\"");
  CHECK(verifyDataflow(flow).isOk());
}

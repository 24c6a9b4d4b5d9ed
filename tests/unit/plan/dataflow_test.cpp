// The dataflow graph: builder, ids and edges, erase/renumber, verifier.
#include <doctest/doctest.h>

#include "compiler/plan/ExprUtil.h"
#include "compiler/plan/Verifier.h"
#include "tests/support/DataflowBuilder.h"

using namespace popper;
using namespace popper::plan;

TEST_CASE("the builder makes a verified, topological dataflow") {
  NodeId trips, fast;
  Dataflow flow = DataflowBuilder()
                      .extract("trips.csv", "id:int, seg:string, speed:float")
                      .named("trips")
                      .capture(trips)
                      .filter(col("speed") > lit(0))
                      .project({{"id", col("id")}, {"kmh", col("speed") * lit(3.6)}})
                      .named("fast")
                      .capture(fast)
                      .output("out.csv")
                      .build();
  CHECK(verifyDataflow(flow).isOk());
  REQUIRE(flow.size() == 4);
  CHECK(flow.node(fast).schema.size() == 2);
  CHECK(flow.node(fast).schema[1].name == "kmh");
  CHECK(flow.node(fast).schema[1].type == Type::Float);
  // speed > 0 widened the int literal to float with an explicit Cast
  const BoundExpr& pred = flow.node(1).as<FilterNode>().predicate;
  CHECK(pred.args[1].kind == BoundExpr::Kind::Cast);
  auto users = flow.consumers();
  CHECK(users[static_cast<size_t>(trips)].size() == 1);
  CHECK(flow.forwardEdges().size() == 3);
}

TEST_CASE("handler actions become labelled back edges") {
  NodeId lines;
  Dataflow flow =
      DataflowBuilder()
          .extract("in.txt", "line:string, translated:bool", "Lines")
          .capture(lines)
          .process("Translate", "line_en:string", {{"text", "line"}})
          .handle(lit(true),
                  {appendTo(lines, {{"line", col("line_en")}, {"translated", lit(true)}}), deleteFrom(lines)})
          .build();
  REQUIRE(flow.backEdges.size() == 2);
  CHECK(flow.backEdges[0].label == BackEdgeLabel::Append);
  CHECK(flow.backEdges[1].label == BackEdgeLabel::Delete);
  CHECK(std::string(backEdgeLabelText(BackEdgeLabel::Edit)) == "±");
  CHECK(flow.backEdgeTargets()[static_cast<size_t>(lines)]);
  CHECK(verifyDataflow(flow).isOk());
}

TEST_CASE("erase renumbers nodes, inputs, handler targets and back edges") {
  NodeId lines, unused;
  DataflowBuilder b;
  b.extract("u.csv", "x:int").capture(unused);
  b.extract("in.txt", "line:string")
      .capture(lines)
      .handle(col("line") == lit(""), {deleteFrom(lines)})
      .output("o.csv");
  Dataflow flow = b.build();
  std::vector<bool> remove(flow.size(), false);
  remove[static_cast<size_t>(unused)] = true;
  flow.erase(remove);
  REQUIRE(flow.size() == 3);
  CHECK(flow.node(1).inputs == std::vector<NodeId>{0});
  CHECK(flow.node(1).as<HandleNode>().actions[0].target == 0);
  CHECK(flow.backEdges[0].from == 1);
  CHECK(flow.backEdges[0].to == 0);
  CHECK(verifyDataflow(flow).isOk());
}

TEST_CASE("sortTopologically moves a node appended late before its consumer") {
  Dataflow flow = DataflowBuilder().extract("in.csv", "a:int").output("o.csv").build();
  PlanNode f;
  f.inputs = {0};
  f.schema = flow.node(0).schema;
  f.payload = FilterNode{makeConst(Literal{true})};
  NodeId id = flow.add(f);
  flow.node(1).inputs[0] = id;  // Output now reads the filter, which sits after it
  flow.sortTopologically();
  CHECK(flow.node(1).is<FilterNode>());
  CHECK(flow.node(2).is<OutputNode>());
  CHECK(flow.node(2).inputs == std::vector<NodeId>{1});
  CHECK(verifyDataflow(flow).isOk());
}

TEST_CASE("the verifier names the node whose expression reads a wrong column") {
  Dataflow flow = DataflowBuilder().extract("in.csv", "a:int, b:string").filter(col("a") > lit(1)).build();
  flow.node(1).as<FilterNode>().predicate.args[0].column = 1;  // now reads b as an int
  Status s = verifyDataflow(flow);
  CHECK_FALSE(s.isOk());
  CHECK(s.message().find("Filter #1") != std::string::npos);
  flow.node(1).as<FilterNode>().predicate.args[0].column = 7;
  CHECK(verifyDataflow(flow).message().find("reads column 7 of 2") != std::string::npos);
}

TEST_CASE("the verifier rejects a back edge to a node that is not an ancestor") {
  NodeId other;
  DataflowBuilder b;
  b.extract("x.csv", "a:int").capture(other);
  b.extract("y.csv", "a:int").handle(lit(true), {deleteFrom(other)});
  Dataflow flow = b.build();
  CHECK(verifyDataflow(flow).message().find("not an ancestor") != std::string::npos);
}

TEST_CASE("the verifier checks schemas against payloads") {
  Dataflow flow =
      DataflowBuilder().extract("in.csv", "a:int, b:string").process("Identity", "c:float").build();
  CHECK(verifyDataflow(flow).isOk());
  flow.node(1).schema.pop_back();
  CHECK(verifyDataflow(flow).message().find("payload makes 3") != std::string::npos);
}

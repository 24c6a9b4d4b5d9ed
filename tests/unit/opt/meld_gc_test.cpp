// The `meld` and `gc` passes.
#include <doctest/doctest.h>

#include "compiler/opt/Passes.h"
#include "compiler/plan/Verifier.h"
#include "tests/support/DataflowBuilder.h"

using namespace popper;
using namespace popper::plan;

TEST_CASE("a chain of filters and projections fuses into one pipeline") {
  Dataflow flow = DataflowBuilder()
                      .extract("t.csv", "id:int, speed:float")
                      .filter(col("speed") > lit(0.0))
                      .project({{"id", col("id")}, {"kmh", col("speed") * lit(3.6)}})
                      .named("fast")
                      .filter(col("kmh") < lit(200.0))
                      .output("o.csv")
                      .build();
  opt::ChangeLog log;
  opt::meldPass(flow, log);
  REQUIRE(flow.size() == 3);
  REQUIRE(flow.node(1).is<PipelineNode>());
  const auto& steps = flow.node(1).as<PipelineNode>().steps;
  REQUIRE(steps.size() == 3);
  CHECK(steps[0].kind == PipelineStep::Kind::Filter);
  CHECK(steps[1].kind == PipelineStep::Kind::Project);
  CHECK(steps[1].name == "fast");
  CHECK(flow.node(1).schema.size() == 2);
  CHECK(log.size() == 2);
  CHECK(verifyDataflow(flow).isOk());
}

TEST_CASE("meld stops at a back-edge target and at a node read twice") {
  NodeId target, shared;
  DataflowBuilder b;
  b.extract("t.csv", "a:int")
      .filter(col("a") > lit(0))
      .capture(target)
      .filter(col("a") < lit(9))
      .capture(shared)
      .filter(col("a") != lit(5))
      .handle(col("a") == lit(3), {deleteFrom(target)})
      .output("o.csv");
  b.from(shared).output("o2.csv");
  Dataflow flow = b.build();
  opt::ChangeLog log;
  opt::meldPass(flow, log);
  CHECK(log.empty());
}

TEST_CASE("gc keeps lineage only between a back-edge target and its handler, on nodes that create rows") {
  NodeId lines, side;
  DataflowBuilder b;
  b.extract("in.txt", "line:string", "Lines")
      .capture(lines)
      .process("LanguageId", "lang:string", {{"text", "line"}})
      .filter(col("lang") != lit("en"))
      .handle(lit(true), {appendTo(lines, {{"line", col("line")}})})
      .output("o.csv");
  b.from(lines).filter(col("line") != lit("")).capture(side).output("side.csv");
  b.extract("other.csv", "x:int").output("x.csv");
  Dataflow flow = b.build();
  opt::ChangeLog log;
  opt::gcPass(flow, log);
  // The PROCESS gives its rows ids of their own: it records their parents.
  // The extractor's rows have none, and the filter keeps its input's ids,
  // so the handler traces through both by id alone.
  CHECK_FALSE(flow.node(lines).keepLineage);
  CHECK(flow.node(1).keepLineage);
  CHECK_FALSE(flow.node(2).keepLineage);
  CHECK_FALSE(flow.node(3).keepLineage);  // the handler itself
  CHECK_FALSE(flow.node(4).keepLineage);
  CHECK_FALSE(flow.node(side).keepLineage);
  CHECK_FALSE(flow.node(static_cast<NodeId>(flow.size() - 1)).keepLineage);
  CHECK(log[0].rfind("lineage dropped on 8 of 9 nodes", 0) == 0);
}

TEST_CASE("without handlers gc drops lineage everywhere") {
  Dataflow flow = DataflowBuilder().extract("t.csv", "a:int").output("o.csv").build();
  opt::ChangeLog log;
  opt::gcPass(flow, log);
  for (const PlanNode& n : flow.nodes) CHECK_FALSE(n.keepLineage);
}

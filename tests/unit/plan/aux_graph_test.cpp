// The auxiliary graph (edge labels, live/dead parts) and the stages.
#include <doctest/doctest.h>

#include "compiler/plan/PhysicalPlan.h"
#include "tests/support/DataflowBuilder.h"

using namespace popper;
using namespace popper::plan;

namespace {

std::string labelInto(const PhysicalPlan& p, NodeId to, int port = 0) {
  return p.aux.edgeInto(to, port)->label();
}

}  // namespace

TEST_CASE("without handlers everything is insert-only: delete parts dead, one pipelined stage") {
  PhysicalPlan p = makePhysicalPlan(DataflowBuilder()
                                        .extract("in.csv", "a:int, b:string")
                                        .filter(col("a") > lit(1))
                                        .project({{"b", col("b")}})
                                        .output("o.csv")
                                        .build());
  for (NodeId n = 0; n < 4; ++n) {
    CHECK(p.aux.appendLive[static_cast<size_t>(n)]);
    CHECK_FALSE(p.aux.deleteLive[static_cast<size_t>(n)]);
  }
  CHECK(labelInto(p, 1) == "im+");
  REQUIRE(p.stages.stages.size() == 1);
  CHECK(p.stages.stages[0].pipelines.size() == 1);
  CHECK_FALSE(p.stages.stages[0].cyclic);
}

TEST_CASE("an EDIT back edge makes retractions live from its target down, and one cyclic stage") {
  NodeId ocr, other;
  DataflowBuilder b;
  b.extract("cards.csv", "img:string")
      .process("Ocr", "dob:int, issued:int", {{"image", "img"}})
      .named("ocr")
      .capture(ocr)
      .handle(col("dob") > col("issued"), {editSet(ocr, {{"dob", col("issued")}})})
      .output("o.csv");
  b.extract("x.csv", "k:int").capture(other).output("x_out.csv");
  PhysicalPlan p = makePhysicalPlan(b.build());
  CHECK_FALSE(p.aux.deleteLive[0]);  // the extractor above the target
  CHECK(p.aux.deleteLive[static_cast<size_t>(ocr)]);
  CHECK(p.aux.deleteLive[2]);  // handle
  CHECK(p.aux.deleteLive[3]);  // output
  CHECK_FALSE(p.aux.deleteLive[static_cast<size_t>(other)]);
  CHECK(labelInto(p, 2) == "im±");
  CHECK(labelInto(p, ocr) == "im+");
  CHECK(p.aux.inCycle[static_cast<size_t>(ocr)]);
  CHECK(p.aux.inCycle[2]);
  CHECK_FALSE(p.aux.inCycle[0]);
  // ocr and the handler share a stage, which is marked cyclic
  int s = p.stages.stageOf[static_cast<size_t>(ocr)];
  CHECK(p.stages.stageOf[2] == s);
  CHECK(p.stages.stages[static_cast<size_t>(s)].cyclic);
}

TEST_CASE("an APPEND-only cycle keeps every delete part dead") {
  NodeId lines;
  PhysicalPlan p = makePhysicalPlan(
      DataflowBuilder()
          .extract("in.txt", "line:string, translated:bool", "Lines")
          .capture(lines)
          .filter(!col("translated"))
          .process("Translate", "line_en:string", {{"text", "line"}})
          .handle(lit(true), {appendTo(lines, {{"line", col("line_en")}, {"translated", lit(true)}})}, 1,
                  ast::Eventually::Drop)
          .output("o.csv")
          .build());
  for (bool live : p.aux.deleteLive) CHECK_FALSE(live);
  CHECK(p.stages.stages.size() == 1);
  CHECK(p.stages.stages[0].cyclic);
}

TEST_CASE("an aggregate behind a blocking edge gets its own stage and stays insert-only") {
  PhysicalPlan p = makePhysicalPlan(
      DataflowBuilder()
          .extract("t.csv", "seg:string, speed:float")
          .aggregate({"seg"}, {{"n", AggFunc::CountStar, ""}, {"top", AggFunc::Max, "speed"}})
          .filter(col("n") > lit(1))
          .output("o.csv")
          .build());
  CHECK(labelInto(p, 1) == "inm");
  CHECK(p.aux.edgeInto(1, 0)->blocking);
  CHECK(p.stages.stageOf[0] == 0);
  CHECK(p.stages.stageOf[1] == 1);
  CHECK(p.stages.stages[1].dependsOn == std::vector<int>{0});
  CHECK_FALSE(p.aux.deleteLive[1]);
  CHECK(labelInto(p, 2) == "im+");
}

TEST_CASE("APPEND into a cycle through an aggregate: insertions cause retractions downstream") {
  NodeId src;
  PhysicalPlan p =
      makePhysicalPlan(DataflowBuilder()
                           .extract("t.csv", "seg:string, v:int")
                           .capture(src)
                           .aggregate({"seg"}, {{"n", AggFunc::CountStar, ""}})
                           .handle(col("n") < lit(2), {appendTo(src, {{"seg", col("seg")}, {"v", lit(0)}})})
                           .output("o.csv")
                           .build());
  CHECK_FALSE(p.aux.edgeInto(1, 0)->blocking);  // inside the cycle: pipelined
  CHECK(p.aux.deleteLive[1]);
  CHECK(labelInto(p, 2) == "im±");
  CHECK(p.stages.stages.size() == 1);
}

TEST_CASE("a sorted output and a UDF reduce are blocking edges that split stages") {
  PhysicalPlan p = makePhysicalPlan(DataflowBuilder()
                                        .extract("t.csv", "k:string, v:int")
                                        .reduce({"k"}, "TopK", "k:string, v:int")
                                        .output("o.csv", {"v"})
                                        .build());
  CHECK(labelInto(p, 1) == "ī");
  CHECK(p.aux.edgeInto(1, 0)->blocking);
  CHECK(p.aux.edgeInto(2, 0)->blocking);
  CHECK(p.stages.stages.size() == 3);
  CHECK(p.stages.stages[2].dependsOn == std::vector<int>{1});
}

TEST_CASE("a DELETE back edge labels edges below its target im-/im± and leaves its o+ live") {
  NodeId src;
  PhysicalPlan p = makePhysicalPlan(DataflowBuilder()
                                        .extract("t.csv", "a:int")
                                        .capture(src)
                                        .handle(col("a") < lit(0), {deleteFrom(src)})
                                        .output("o.csv")
                                        .build());
  CHECK(p.aux.appendLive[0]);
  CHECK(p.aux.deleteLive[0]);
  CHECK(labelInto(p, 1) == "im±");
}

TEST_CASE("independent branches of one stage form separate pipelines") {
  DataflowBuilder b;
  b.extract("a.csv", "x:int").output("a_out.csv");
  b.extract("b.csv", "y:int").output("b_out.csv");
  PhysicalPlan p = makePhysicalPlan(b.build());
  REQUIRE(p.stages.stages.size() == 1);
  CHECK(p.stages.stages[0].pipelines.size() == 2);
}

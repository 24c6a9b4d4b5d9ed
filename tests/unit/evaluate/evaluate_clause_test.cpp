// EVALUATE AGAINST through the front end and the planner: what sema binds,
// what `popper plan` shows, and --no-handlers (opt::withoutHandlers).
#include <doctest/doctest.h>

#include "compiler/opt/Planner.h"
#include "compiler/opt/WithoutHandlers.h"
#include "tests/unit/sema/sema_test_util.h"

using namespace popper;

namespace {

const char* kScored = R"(lines  = EXTRACT line:string FROM "in.txt" USING Lines();
scored = PROCESS lines USING Sentiment(text: line) PRODUCE sentiment:string, confidence:float;
)";

}  // namespace

TEST_CASE("EVALUATE AGAINST binds the ground truth and the compared columns") {
  SUBCASE("without ON: every output column") {
    auto checked = test::check(std::string(kScored) +
                               "OUTPUT (SELECT line, sentiment FROM scored) TO \"o.csv\" USING Csv() "
                               "EVALUATE AGAINST \"gt/s.csv\";\n");
    REQUIRE(checked.program);
    const BoundOutput& out = checked.program->outputs.at(0);
    REQUIRE(out.evaluate);
    CHECK(out.evaluate->groundTruth == "gt/s.csv");
    CHECK(out.evaluate->allColumns);
    CHECK(out.evaluate->columns == std::vector<std::string>{"line", "sentiment"});
  }
  SUBCASE("with ON, from a PARAM, keywords in any case") {
    auto checked =
        test::check("PARAM truth : string = \"t.csv\";\n" + std::string(kScored) +
                    "output scored TO \"o.csv\" USING Csv() evaluate Against @truth on sentiment, line;\n");
    REQUIRE(checked.program);
    const BoundEvaluation& e = *checked.program->outputs.at(0).evaluate;
    CHECK(e.groundTruth == "t.csv");
    CHECK_FALSE(e.allColumns);
    CHECK(e.columns == std::vector<std::string>{"sentiment", "line"});
    CHECK(e.columnRanges.size() == 2);
  }
  SUBCASE("an output without the clause is not evaluated") {
    auto checked = test::check(std::string(kScored) + "OUTPUT scored TO \"o.csv\" USING Csv();\n");
    REQUIRE(checked.program);
    CHECK_FALSE(checked.program->outputs.at(0).evaluate);
  }
}

TEST_CASE("EVALUATE AGAINST errors") {
  CHECK(
      test::errorsOf(std::string(kScored) + "OUTPUT scored TO \"o\" USING Csv() EVALUATE AGAINST \"\";\n") ==
      std::vector<std::string>{"3:51: ground truth path is empty"});
  CHECK(test::errorsOf(std::string(kScored) +
                       "OUTPUT scored TO \"o\" USING Csv() EVALUATE AGAINST \"g.csv\" ON lne;\n") ==
        std::vector<std::string>{"3:62: unknown column 'lne' in the evaluated output; did you mean 'line'?"});
  // An output whose source failed is not reported again.
  CHECK(test::errorsOf(std::string(kScored) +
                       "OUTPUT nothing TO \"o\" USING Csv() EVALUATE AGAINST \"g.csv\" ON line;\n") ==
        std::vector<std::string>{"3:8: unknown rowset 'nothing'"});
}

TEST_CASE("the plan shows the evaluation on the output node") {
  auto checked = test::check(std::string(kScored) +
                             "OUTPUT scored TO \"o.csv\" USING Csv() EVALUATE AGAINST \"gt.csv\" ON line;\n");
  REQUIRE(checked.program);
  auto planned = opt::planProgram(*checked.program, opt::OptimizerOptions{});
  REQUIRE(planned.isOk());
  bool found = false;
  for (const plan::PlanNode& node : planned->plan.dataflow.nodes)
    if (node.is<plan::OutputNode>()) {
      const auto& out = node.as<plan::OutputNode>();
      REQUIRE(out.evaluate);
      CHECK(out.evaluate->columns == std::vector<std::string>{"line"});
      found = true;
    }
  CHECK(found);
}

TEST_CASE("--no-handlers: every HANDLE becomes a pass-through, and no back edge is left") {
  auto checked = test::check(R"(lines = EXTRACT line:string, n:int = 0 FROM "in.txt" USING Lines();
longer = SELECT line, n FROM lines WHERE len(line) > 3;
fixed = HANDLE longer DETECT n == 0 CORRECT EDIT lines SET n = 1 EVENTUALLY DROP;
OUTPUT fixed TO "o.csv" USING Csv();
)");
  REQUIRE(checked.program);
  BoundProgram without = opt::withoutHandlers(*checked.program);
  const BoundRelation& fixed = without.relations.back();
  CHECK(fixed.name == "fixed");
  REQUIRE(std::holds_alternative<BoundSelect>(fixed.node));
  CHECK(test::schemaText(fixed.schema) == test::schemaText(checked.program->relations.back().schema));
  auto planned = opt::planProgram(without, opt::OptimizerOptions{});
  REQUIRE(planned.isOk());
  for (const plan::PlanNode& node : planned->plan.dataflow.nodes) CHECK_FALSE(node.is<plan::HandleNode>());
  CHECK(planned->plan.dataflow.backEdges.empty());
}

// The pass manager: order, -O0, --disable-opt, timing and verification.
#include <doctest/doctest.h>

#include "compiler/opt/PassManager.h"
#include "tests/support/DataflowBuilder.h"

using namespace popper;
using namespace popper::plan;

namespace {

Dataflow sample() {
  return DataflowBuilder()
      .extract("in.txt", "line:string, n:int", "Lines")
      .process("Sentiment", "sentiment:string", {{"text", "line"}})
      .filter(fn(BuiltinFunc::Len, {col("line")}) > lit(3) && lit(true))
      .project({{"line", col("line")}})
      .output("o.csv")
      .build();
}

}  // namespace

TEST_CASE("the standard passes run in their documented order") {
  CHECK(opt::passNames() == std::vector<std::string>{"fold", "dead", "pushdown", "prune", "meld", "gc"});
  Dataflow flow = sample();
  auto records = opt::runPasses(flow, opt::standardPasses(), {});
  REQUIRE(records.isOk());
  REQUIRE(records->size() == 6);
  for (const opt::PassRecord& r : *records) {
    CHECK(r.enabled);
    CHECK(r.millis >= 0);
  }
  CHECK_FALSE((*records)[0].changes.empty());  // fold: "... AND true"
  CHECK_FALSE((*records)[2].changes.empty());  // pushdown below Sentiment
  CHECK_FALSE((*records)[3].changes.empty());  // prune: n is never read
}

TEST_CASE("-O0 and --disable-opt skip passes by name") {
  Dataflow flow = sample();
  Dataflow before = flow;
  auto none = opt::runPasses(flow, opt::standardPasses(), {false, {}});
  REQUIRE(none.isOk());
  for (const opt::PassRecord& r : *none) CHECK_FALSE(r.enabled);
  CHECK(flow.size() == before.size());
  CHECK(flow.node(2).is<FilterNode>());

  auto some = opt::runPasses(flow, opt::standardPasses(), {true, {"pushdown"}});
  REQUIRE(some.isOk());
  CHECK_FALSE((*some)[2].enabled);
  CHECK((*some)[2].changes.empty());
  for (const PlanNode& n : flow.nodes)
    if (n.is<ProcessNode>()) CHECK(flow.node(n.inputs[0]).is<ExtractNode>());
}

TEST_CASE("a pass that breaks the plan is caught by the verifier and named") {
  std::vector<opt::Pass> passes = {{"break", "corrupts a column index", [](Dataflow& flow, opt::ChangeLog&) {
                                      flow.node(2).as<FilterNode>().predicate.args[0].args[0].args[0].column =
                                          9;
                                    }}};
  Dataflow flow = sample();
  auto records = opt::runPasses(flow, passes, {});
  REQUIRE_FALSE(records.isOk());
  CHECK(records.status().code() == StatusCode::Internal);
  CHECK(records.status().message().find("after optimizer pass break") != std::string::npos);
}

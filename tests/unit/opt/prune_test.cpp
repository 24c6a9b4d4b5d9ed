// The `prune` pass.
#include <doctest/doctest.h>

#include "compiler/opt/Passes.h"
#include "compiler/plan/ExprFormat.h"
#include "compiler/plan/Verifier.h"
#include "tests/support/DataflowBuilder.h"

using namespace popper;
using namespace popper::plan;

TEST_CASE("unused columns are not even parsed by the extractor") {
  Dataflow flow = DataflowBuilder()
                      .extract("trips.csv", "id:int, seg:string, speed:float, lanes:int, note:string")
                      .filter(col("speed") > lit(0.0))
                      .project({{"id", col("id")}, {"kmh", col("speed") * lit(3.6)}})
                      .output("o.csv")
                      .build();
  opt::ChangeLog log;
  opt::prunePass(flow, log);
  CHECK(flow.node(0).as<ExtractNode>().readColumns == std::vector<int>{0, 2});
  CHECK(flow.node(0).schema.size() == 2);
  CHECK(formatExpr(flow.node(1).as<FilterNode>().predicate, flow.node(0).schema) == "speed > 0.0");
  CHECK(formatExpr(flow.node(2).as<ProjectNode>().exprs[1], flow.node(1).schema) == "speed * 3.6");
  CHECK(log == opt::ChangeLog{"Extract #0: reads 2 of 5 declared columns (not parsed: seg, lanes, note)"});
  CHECK(verifyDataflow(flow).isOk());
}

TEST_CASE("a model operator passes through only what is read above it") {
  Dataflow flow = DataflowBuilder()
                      .extract("in.csv", "line:string, a:int, b:int")
                      .process("Sentiment", "sentiment:string, confidence:float", {{"text", "line"}})
                      .project({{"a", col("a")}, {"sentiment", col("sentiment")}})
                      .output("o.csv")
                      .build();
  opt::ChangeLog log;
  opt::prunePass(flow, log);
  CHECK(flow.node(0).as<ExtractNode>().readColumns == std::vector<int>{0, 1});
  const auto& p = flow.node(1).as<ProcessNode>();
  CHECK(p.passthrough == std::vector<int>{1});  // a, now column 1 of the pruned input
  CHECK(p.processor.args[0].column == 0);       // text: line
  CHECK(flow.node(1).schema.size() == 3);       // a, sentiment, confidence (produced columns stay)
  CHECK(verifyDataflow(flow).isOk());
}

TEST_CASE("unread aggregates and projections are dropped, group keys stay") {
  Dataflow flow = DataflowBuilder()
                      .extract("t.csv", "seg:string, speed:float, x:int")
                      .aggregate({"seg"}, {{"n", AggFunc::CountStar, ""},
                                           {"top", AggFunc::Max, "speed"},
                                           {"sx", AggFunc::Sum, "x"}})
                      .project({{"seg", col("seg")}, {"n", col("n")}})
                      .output("o.csv")
                      .build();
  opt::ChangeLog log;
  opt::prunePass(flow, log);
  CHECK(flow.node(0).as<ExtractNode>().readColumns == std::vector<int>{0});
  CHECK(flow.node(1).as<AggregateNode>().aggregates.size() == 1);
  CHECK(flow.node(1).schema.size() == 2);
  CHECK(verifyDataflow(flow).isOk());
}

TEST_CASE("a handler's target keeps what is read below it and what SET reads of the traced row") {
  // b is read by nothing: t drops it, and the SET of b goes with it; a stays
  // (the SET value reads t.a).
  NodeId target, handler;
  Dataflow flow = DataflowBuilder()
                      .extract("in.csv", "line:string, a:int, b:int, unused:string")
                      .process("Identity", "c:int")
                      .named("t")
                      .capture(target)
                      .project({{"c", col("c")}, {"line", col("line")}})
                      .handle(col("c") < lit(0), {editSet(target, {{"b", traced("a") + col("c")}})})
                      .capture(handler)
                      .output("o.csv")
                      .build();
  opt::ChangeLog log;
  opt::prunePass(flow, log);
  CHECK(flow.node(target).schema.size() == 3);  // line, a, c
  CHECK(flow.node(0).as<ExtractNode>().readColumns == std::vector<int>{0, 1});
  CHECK(flow.node(handler).as<HandleNode>().actions[0].assignments.empty());
  CHECK(verifyDataflow(flow).isOk());

  // Read below the handler: b stays, and its SET is re-indexed with it.
  Dataflow kept = DataflowBuilder()
                      .extract("in.csv", "line:string, a:int, b:int, unused:string")
                      .process("Identity", "c:int")
                      .named("t")
                      .capture(target)
                      .project({{"c", col("c")}, {"b", col("b")}})
                      .handle(col("c") < lit(0), {editSet(target, {{"b", traced("a") + col("c")}})})
                      .capture(handler)
                      .output("o.csv")
                      .build();
  opt::prunePass(kept, log);
  CHECK(kept.node(0).as<ExtractNode>().readColumns == std::vector<int>{1, 2});
  const auto& sets = kept.node(handler).as<HandleNode>().actions[0].assignments;
  REQUIRE(sets.size() == 1);
  CHECK(kept.node(target).schema[static_cast<size_t>(sets[0].column)].name == "b");
  CHECK(verifyDataflow(kept).isOk());
}

TEST_CASE("join sides are pruned separately and the keys are re-indexed") {
  NodeId segs;
  DataflowBuilder b;
  b.extract("segs.csv", "unused:int, seg:string, name:string").capture(segs);
  b.extract("trips.csv", "id:int, note:string, seg:string")
      .join(segs, "seg", "seg")
      .project({{"id", col("id")}, {"name", col("name")}})
      .output("o.csv");
  Dataflow flow = b.build();
  opt::ChangeLog log;
  opt::prunePass(flow, log);
  CHECK(flow.node(segs).as<ExtractNode>().readColumns == std::vector<int>{1, 2});
  CHECK(flow.node(1).as<ExtractNode>().readColumns == std::vector<int>{0, 2});
  CHECK(verifyDataflow(flow).isOk());
}

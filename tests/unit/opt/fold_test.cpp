// The `fold` pass and constant folding of expressions.
#include <doctest/doctest.h>

#include "compiler/opt/ConstantFolding.h"
#include "compiler/opt/Passes.h"
#include "compiler/plan/ExprFormat.h"
#include "compiler/plan/Verifier.h"
#include "tests/support/DataflowBuilder.h"

using namespace popper;
using namespace popper::plan;
using popper::opt::foldExpr;

namespace {

const Schema kRow = parseSchema("a:int, s:string, f:float, b:bool");

std::string folded(const Ex& e) {
  BoundExpr bound = e.resolve(kRow, nullptr);
  foldExpr(bound);
  return formatExpr(bound, kRow);
}

}  // namespace

TEST_CASE("constants fold, arithmetic and comparisons included") {
  CHECK(folded(lit(1) + lit(2) * lit(3)) == "7");
  CHECK(folded(lit(7) / lit(2)) == "3");
  CHECK(folded(lit(-7) % lit(2)) == "-1");
  CHECK(folded(lit(1) + lit(0.5)) == "1.5");
  CHECK(folded(lit("ab") + lit("c") == lit("abc")) == "true");
  CHECK(folded(col("a") + (lit(2) - lit(1))) == "a + 1");
  CHECK(folded(fn(BuiltinFunc::Len, {lit("héllo")})) == "5");
  CHECK(folded(fn(BuiltinFunc::Upper, {lit("abc")})) == "\"ABC\"");
  CHECK(folded(fn(BuiltinFunc::Max, {lit(3), lit(9), lit(4)})) == "9");
}

TEST_CASE("what could raise a row error is never folded") {
  CHECK(folded(lit(1) / lit(0)) == "1 / 0");
  CHECK(folded(lit(1) % lit(0)) == "1 % 0");
  CHECK(folded(fn(BuiltinFunc::ToInt, {lit("x")})) == "to_int(\"x\")");
  CHECK(folded(fn(BuiltinFunc::Upper, {lit("é")})) == "upper(\"é\")");
  // x AND false: x runs first and may raise, so it stays
  CHECK(folded((col("a") / lit(0) == lit(1)) && lit(false)) == "a / 0 == 1 AND false");
  // but false AND x never evaluates x
  CHECK(folded(lit(false) && (col("a") / lit(0) == lit(1))) == "false");
}

TEST_CASE("AND, OR, NOT and IF simplify") {
  CHECK(folded(lit(true) && col("b")) == "b");
  CHECK(folded(col("b") && lit(true)) == "b");
  CHECK(folded(col("b") && lit(false)) == "false");
  CHECK(folded(col("b") || lit(true)) == "true");
  CHECK(folded(lit(false) || col("b")) == "b");
  CHECK(folded(!!col("b")) == "b");
  CHECK(folded(ifThen(lit(1) < lit(2), col("s"), lit("no"))) == "s");
  CHECK(folded(ifThen(col("b"), col("a"), col("a"))) == "a");
}

TEST_CASE("WHERE true removes the filter") {
  Dataflow flow =
      DataflowBuilder().extract("in.csv", "a:int").filter(lit(1) < lit(2)).output("o.csv").build();
  opt::ChangeLog log;
  opt::foldPass(flow, log);
  CHECK(flow.size() == 2);
  CHECK(flow.node(1).is<OutputNode>());
  CHECK(flow.node(1).inputs == std::vector<NodeId>{0});
  CHECK(verifyDataflow(flow).isOk());
  CHECK(log.back() == "Filter #1: WHERE true, filter removed");
}

TEST_CASE("WHERE false cuts the branch and emptiness flows to the output") {
  Dataflow flow = DataflowBuilder()
                      .extract("in.txt", "line:string", "Lines")
                      .process("Sentiment", "sentiment:string", {{"text", "line"}})
                      .filter(lit(false) && col("sentiment") == lit("x"))
                      .project({{"line", col("line")}})
                      .output("o.csv")
                      .build();
  opt::ChangeLog log;
  opt::foldPass(flow, log);
  CHECK(flow.node(2).is<EmptyNode>());
  CHECK(flow.node(3).is<EmptyNode>());   // the projection of nothing
  CHECK(flow.node(4).is<OutputNode>());  // still writes its (empty) file
  CHECK(flow.node(3).schema.size() == 1);
  CHECK(verifyDataflow(flow).isOk());
  opt::deadPass(flow, log);  // what fed the branch goes
  CHECK(flow.size() == 2);
  CHECK(flow.node(0).is<EmptyNode>());
}

TEST_CASE("a global aggregate over nothing still yields its row, a back-edge target keeps its filter") {
  NodeId target;
  Dataflow flow = DataflowBuilder()
                      .extract("in.csv", "a:int")
                      .filter(lit(true))
                      .capture(target)
                      .handle(col("a") < lit(0), {deleteFrom(target)})
                      .filter(lit(false))
                      .aggregate({}, {{"n", AggFunc::CountStar, ""}})
                      .output("o.csv")
                      .build();
  opt::ChangeLog log;
  opt::foldPass(flow, log);
  CHECK(flow.node(target).is<FilterNode>());
  CHECK(flow.node(3).is<EmptyNode>());
  CHECK(flow.node(4).is<AggregateNode>());
  CHECK(verifyDataflow(flow).isOk());
}

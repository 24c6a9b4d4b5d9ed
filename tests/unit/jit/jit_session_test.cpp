// JitSession and JitEvaluator behaviour: interpret until compiled, the
// compile threshold, sharing of identical expressions, short-circuit row
// errors, prior errors in filters, and the runtime's factory hook.
#include <doctest/doctest.h>

#include "compiler/jit/JitEvaluator.h"
#include "compiler/jit/JitSession.h"
#include "runtime/expr/JitEvaluatorHook.h"
#include "tests/unit/jit/RandomExprs.h"

namespace popper {
namespace {

using namespace jittest;

BoundExpr column(int c, Type t) {
  BoundExpr e;
  e.kind = BoundExpr::Kind::Column;
  e.column = c;
  e.type = t;
  return e;
}
BoundExpr intConst(int64_t v) {
  BoundExpr e;
  e.kind = BoundExpr::Kind::Const;
  e.type = Type::Int;
  e.value.value = v;
  return e;
}
BoundExpr binary(ast::BinaryOp op, Type t, BoundExpr a, BoundExpr b, uint32_t at) {
  BoundExpr e;
  e.kind = BoundExpr::Kind::Binary;
  e.binaryOp = op;
  e.type = t;
  e.range = SourceRange{at, at + 1};
  e.args.push_back(std::move(a));
  e.args.push_back(std::move(b));
  return e;
}

Batch intBatch(const std::vector<int64_t>& i0) {
  Batch b(testSchema());
  for (size_t r = 0; r < i0.size(); ++r) {
    b.rowIds.push_back(RowId{r});
    b.weights.push_back(1);
    b.column(I0).ints.push_back(i0[r]);
    b.column(I1).ints.push_back(0);
    b.column(F0).floats.push_back(0);
    b.column(F1).floats.push_back(0);
    b.column(B0).bools.push_back(0);
    b.column(S0).strings.push_back("");
    b.column(S1).strings.push_back("");
  }
  return b;
}

// i0 != 0 AND 10 / i0 > 1
BoundExpr guardedDivision() {
  BoundExpr nonZero = binary(ast::BinaryOp::Ne, Type::Bool, column(I0, Type::Int), intConst(0), 1);
  BoundExpr quotient = binary(ast::BinaryOp::Div, Type::Int, intConst(10), column(I0, Type::Int), 2);
  BoundExpr big = binary(ast::BinaryOp::Gt, Type::Bool, std::move(quotient), intConst(1), 3);
  return binary(ast::BinaryOp::And, Type::Bool, std::move(nonZero), std::move(big), 4);
}

TEST_CASE("a compiled filter short-circuits like the interpreter") {
  auto session = jit::JitSession::create(jit::JitOptions{0, false});
  REQUIRE(session.isOk());
  auto eval = (*session)->makeEvaluator(guardedDivision());
  REQUIRE((*session)->compileNow().isOk());
  Batch b = intBatch({0, 1, 2, 5, 20, -3});
  EvalContext ctx{&b, nullptr, nullptr, &b.arena()};
  Selection out;
  RowErrors errors;
  eval->filter(ctx, allRows(b.size()), out, errors);
  CHECK(errors.empty());
  CHECK(out == Selection{1, 2, 3});
}

TEST_CASE("integer edge cases are row errors with the interpreter's messages") {
  auto session = jit::JitSession::create(jit::JitOptions{0, false});
  REQUIRE(session.isOk());
  BoundExpr div = binary(ast::BinaryOp::Div, Type::Int, column(I0, Type::Int), column(I1, Type::Int), 7);
  auto eval = (*session)->makeEvaluator(div);
  REQUIRE((*session)->compileNow().isOk());
  Batch b = intBatch({std::numeric_limits<int64_t>::min(), 7, 7, -7});
  b.column(I1).ints = {-1, 0, -1, 2};
  EvalContext ctx{&b, nullptr, nullptr, &b.arena()};
  Column out;
  RowErrors errors;
  eval->evaluate(ctx, allRows(b.size()), out, errors);
  auto e = errors.sortedByRow();
  REQUIRE(e.size() == 2);
  CHECK(e[0].row == 0);
  CHECK(e[0].message == "integer overflow");
  CHECK(e[1].row == 1);
  CHECK(e[1].message == "integer division by zero");
  CHECK(out.ints[2] == -7);
  CHECK(out.ints[3] == -3);
}

TEST_CASE("evaluators interpret below the row threshold and share compiled code") {
  auto session = jit::JitSession::create(jit::JitOptions{1000, false});
  REQUIRE(session.isOk());
  auto a = (*session)->makeEvaluator(guardedDivision());
  auto b = (*session)->makeEvaluator(guardedDivision());
  auto* ja = dynamic_cast<jit::JitEvaluator*>(a.get());
  REQUIRE(ja != nullptr);
  Batch batch = intBatch(std::vector<int64_t>(600, 4));
  EvalContext ctx{&batch, nullptr, nullptr, &batch.arena()};
  Selection out;
  RowErrors errors;
  a->filter(ctx, allRows(batch.size()), out, errors);
  CHECK_FALSE(ja->isCompiled());
  CHECK_FALSE((*session)->stats().started);
  b->filter(ctx, allRows(batch.size()), out, errors);  // 1200 rows seen: compiles
  CHECK(ja->isCompiled());
  jit::JitStats stats = (*session)->stats();
  CHECK(stats.compiledExpressions == 1);
  CHECK(stats.modules == 1);
  a->filter(ctx, allRows(batch.size()), out, errors);
  CHECK(out.size() == 600);
}

TEST_CASE("string-valued expressions stay with the interpreter") {
  auto session = jit::JitSession::create();
  REQUIRE(session.isOk());
  auto eval = (*session)->makeEvaluator(column(S0, Type::String));
  CHECK(dynamic_cast<jit::JitEvaluator*>(eval.get()) == nullptr);
  CHECK((*session)->stats().interpretedExpressions == 1);
}

TEST_CASE("the runtime's evaluator hook selects the jit or the interpreter") {
  auto session = jit::JitSession::create();
  REQUIRE(session.isOk());
  setJitEvaluatorFactory([s = session->get()](const BoundExpr& e) { return s->makeEvaluator(e); });
  CHECK(dynamic_cast<jit::JitEvaluator*>(makeEvaluator(guardedDivision()).get()) != nullptr);
  setJitEvaluatorFactory({});
  CHECK(dynamic_cast<jit::JitEvaluator*>(makeEvaluator(guardedDivision()).get()) == nullptr);
}

}  // namespace
}  // namespace popper

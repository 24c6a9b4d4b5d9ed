// Expression evaluation alone, JIT against interpreter, over 1M rows in
// 2048-row batches: the results must match; the times are printed (for
// tests/bench/RESULTS.md), not asserted, since this machine is shared.
#include <doctest/doctest.h>

#include <chrono>

#include "compiler/jit/JitSession.h"
#include "runtime/expr/Interpreter.h"
#include "tests/unit/jit/RandomExprs.h"

namespace popper {
namespace {

using namespace jittest;

BoundExpr col(int c, Type t) {
  BoundExpr e;
  e.kind = BoundExpr::Kind::Column;
  e.column = c;
  e.type = t;
  return e;
}
template <typename T>
BoundExpr lit(T v, Type t) {
  BoundExpr e;
  e.kind = BoundExpr::Kind::Const;
  e.type = t;
  e.value.value = v;
  return e;
}
BoundExpr op(ast::BinaryOp o, Type t, BoundExpr a, BoundExpr b) {
  BoundExpr e;
  e.kind = BoundExpr::Kind::Binary;
  e.binaryOp = o;
  e.type = t;
  e.args.push_back(std::move(a));
  e.args.push_back(std::move(b));
  return e;
}

TEST_CASE("compiled expressions match the interpreter over 1M rows (timed, not asserted)") {
  using B = ast::BinaryOp;
  // (i0 % 1000 * 3 + i1 % 7) * 2 - i0 % 5   and   f0 * 1.609 + f1 / 2.0 - f0 * f1
  BoundExpr score = op(B::Sub, Type::Int,
                       op(B::Mul, Type::Int,
                          op(B::Add, Type::Int, op(B::Mul, Type::Int, op(B::Mod, Type::Int, col(I0, Type::Int), lit<int64_t>(1000, Type::Int)), lit<int64_t>(3, Type::Int)),
                             op(B::Mod, Type::Int, col(I1, Type::Int), lit<int64_t>(7, Type::Int))),
                          lit<int64_t>(2, Type::Int)),
                       op(B::Mod, Type::Int, col(I0, Type::Int), lit<int64_t>(5, Type::Int)));
  BoundExpr kmh = op(B::Sub, Type::Float,
                     op(B::Add, Type::Float, op(B::Mul, Type::Float, col(F0, Type::Float), lit(1.609, Type::Float)),
                        op(B::Div, Type::Float, col(F1, Type::Float), lit(2.0, Type::Float))),
                     op(B::Mul, Type::Float, col(F0, Type::Float), col(F1, Type::Float)));
  // f0 > 10.0 AND i1 % 3 != 1 AND i0 >= -1000000
  BoundExpr where = op(B::And, Type::Bool,
                       op(B::And, Type::Bool, op(B::Gt, Type::Bool, col(F0, Type::Float), lit(10.0, Type::Float)),
                          op(B::Ne, Type::Bool, op(B::Mod, Type::Int, col(I1, Type::Int), lit<int64_t>(3, Type::Int)), lit<int64_t>(1, Type::Int))),
                       op(B::Ge, Type::Bool, col(I0, Type::Int), lit<int64_t>(-1000000, Type::Int)));

  Batch batch(testSchema());
  std::mt19937_64 rng(5);
  for (size_t r = 0; r < kBatchRows; ++r) {
    batch.rowIds.push_back(RowId{r});
    batch.weights.push_back(1);
    batch.column(I0).ints.push_back(static_cast<int64_t>(rng() % 2000000) - 1000000);
    batch.column(I1).ints.push_back(static_cast<int64_t>(rng() % 100000));
    batch.column(F0).floats.push_back(static_cast<double>(rng() % 13000) / 100.0);
    batch.column(F1).floats.push_back(static_cast<double>(rng() % 5000) / 10.0);
    batch.column(B0).bools.push_back(0);
    batch.column(S0).strings.push_back("");
    batch.column(S1).strings.push_back("");
  }
  EvalContext ctx{&batch, nullptr, nullptr, &batch.arena()};
  Selection all = allRows(batch.size());
  constexpr int kBatches = 488;  // ~1M rows

  auto run = [&](std::vector<std::unique_ptr<ExprEvaluator>>& evals, Column& s, Column& k, Selection& sel) {
    auto start = std::chrono::steady_clock::now();
    RowErrors errors;
    for (int i = 0; i < kBatches; ++i) {
      errors.clear();
      evals[0]->filter(ctx, all, sel, errors);
      evals[1]->evaluate(ctx, sel, s, errors);
      evals[2]->evaluate(ctx, sel, k, errors);
    }
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  };
  std::vector<std::unique_ptr<ExprEvaluator>> interp;
  for (const BoundExpr* e : {&where, &score, &kmh}) interp.push_back(makeInterpreter(*e));
  auto session = jit::JitSession::create(jit::JitOptions{0, false});
  REQUIRE(session.isOk());
  std::vector<std::unique_ptr<ExprEvaluator>> compiled;
  for (const BoundExpr* e : {&where, &score, &kmh}) compiled.push_back((*session)->makeEvaluator(*e));
  REQUIRE((*session)->compileNow().isOk());

  Column s1, k1, s2, k2;
  Selection sel1, sel2;
  double interpretedMs = run(interp, s1, k1, sel1);
  double compiledMs = run(compiled, s2, k2, sel2);
  CHECK(sel1 == sel2);
  CHECK(s1.ints == s2.ints);
  CHECK(k1.floats == k2.floats);
  MESSAGE("1M rows, WHERE + 2 computed columns: interpreter " << interpretedMs << " ms, jit " << compiledMs
                                                              << " ms, compile " << (*session)->stats().compileMillis
                                                              << " ms for 3 expressions");
}

}  // namespace
}  // namespace popper

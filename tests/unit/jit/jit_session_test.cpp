// JitSession and JitEvaluator behaviour: interpret until compiled, the
// compile threshold, sharing of identical expressions, short-circuit row
// errors, prior errors in filters, and the runtime's factory hook.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>

#include "compiler/jit/JitEvaluator.h"
#include "compiler/jit/JitSession.h"
#include "compiler/jit/ObjectCacheDir.h"
#include "tests/unit/jit/random_exprs.h"

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
  auto session = jit::JitSession::create(jit::JitOptions{0, false, ""});
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
  auto session = jit::JitSession::create(jit::JitOptions{0, false, ""});
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
  auto session = jit::JitSession::create(jit::JitOptions{1000, false, ""});
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

TEST_CASE("a bare column stays with the interpreter; string-valued expressions compile") {
  auto session = jit::JitSession::create();
  REQUIRE(session.isOk());
  auto bare = (*session)->makeEvaluator(column(S0, Type::String));
  CHECK(dynamic_cast<jit::JitEvaluator*>(bare.get()) == nullptr);
  CHECK((*session)->stats().interpretedExpressions == 1);
  BoundExpr concat =
      binary(ast::BinaryOp::Add, Type::String, column(S0, Type::String), column(S1, Type::String), 1);
  auto compiled = (*session)->makeEvaluator(concat);
  REQUIRE(dynamic_cast<jit::JitEvaluator*>(compiled.get()) != nullptr);
  REQUIRE((*session)->compileNow().isOk());
  Batch b = intBatch({1, 2});
  b.column(S0).strings = {"日本", ""};
  b.column(S1).strings = {"語", ""};
  EvalContext ctx{&b, nullptr, nullptr, &b.arena()};
  Column out;
  RowErrors errors;
  compiled->evaluate(ctx, allRows(2), out, errors);
  CHECK(errors.empty());
  CHECK(out.strings == std::vector<std::string_view>{"日本語", ""});
}

TEST_CASE("handler expressions read the traced row (input 1) through tracedRows") {
  auto session = jit::JitSession::create(jit::JitOptions{0, false, ""});
  REQUIRE(session.isOk());
  // t.i0 * 10 + i0
  BoundExpr traced = column(I0, Type::Int);
  traced.input = 1;
  BoundExpr e =
      binary(ast::BinaryOp::Add, Type::Int, binary(ast::BinaryOp::Mul, Type::Int, traced, intConst(10), 1),
             column(I0, Type::Int), 2);
  auto eval = (*session)->makeEvaluator(e);
  REQUIRE((*session)->compileNow().isOk());
  Batch row = intBatch({1, 2, 3});
  Batch held = intBatch({100, 200});
  std::vector<uint32_t> tracedRows = {1, 0, 1};
  EvalContext ctx{&row, &held, tracedRows.data(), &row.arena()};
  Column out;
  RowErrors errors;
  eval->evaluate(ctx, Selection{0, 2}, out, errors);
  CHECK(errors.empty());
  CHECK(out.ints == std::vector<int64_t>{2001, 2003});
}

TEST_CASE("the object cache: a second session loads the module instead of compiling it") {
  std::string dir =
      std::filesystem::temp_directory_path() / ("popper-jit-cache-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  REQUIRE(jit::usableCacheDir(dir));
  Batch b = intBatch({0, 1, 2, 5, 20, -3});
  EvalContext ctx{&b, nullptr, nullptr, &b.arena()};
  for (int run = 0; run < 2; ++run) {
    auto session = jit::JitSession::create(jit::JitOptions{0, false, dir});
    REQUIRE(session.isOk());
    auto eval = (*session)->makeEvaluator(guardedDivision());
    REQUIRE((*session)->compileNow().isOk());
    CHECK((*session)->stats().cacheHits == run);
    Selection out;
    RowErrors errors;
    eval->filter(ctx, allRows(b.size()), out, errors);
    CHECK(out == Selection{1, 2, 3});
  }
  CHECK(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()) == 1);
  std::filesystem::remove_all(dir);
  CHECK_FALSE(jit::usableCacheDir("/proc/popper-cannot-write-here"));
}

TEST_CASE("stopCompiling: nothing compiles after the run ends") {
  auto session = jit::JitSession::create(jit::JitOptions{0, true, ""});
  REQUIRE(session.isOk());
  (*session)->stopCompiling();
  auto eval = (*session)->makeEvaluator(guardedDivision());
  Batch b = intBatch({0, 1, 2});
  EvalContext ctx{&b, nullptr, nullptr, &b.arena()};
  Selection out;
  RowErrors errors;
  eval->filter(ctx, allRows(b.size()), out, errors);  // interpreted; starts no compile
  (*session)->waitForCompile();
  CHECK_FALSE((*session)->stats().started);
  CHECK(out == Selection{1, 2});
}

TEST_CASE("a run's evaluator factory is the jit's or the interpreter's") {
  auto session = jit::JitSession::create();
  REQUIRE(session.isOk());
  // What the CLI hands the engine (EngineHooks::evaluators) unless --no-jit.
  EvaluatorFactory jitFactory = [s = session->get()](const BoundExpr& e) { return s->makeEvaluator(e); };
  CHECK(dynamic_cast<jit::JitEvaluator*>(jitFactory(guardedDivision()).get()) != nullptr);
  CHECK(dynamic_cast<jit::JitEvaluator*>(interpreterFactory()(guardedDivision()).get()) == nullptr);
}

}  // namespace
}  // namespace popper

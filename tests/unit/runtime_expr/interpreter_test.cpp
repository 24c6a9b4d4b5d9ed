// The vectorized interpreter against hand-computed results: arithmetic and
// its row errors, short-circuit logic, IF, comparisons, traced rows, filters.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "expr_builders.h"
#include "runtime/expr/RowProjector.h"

using namespace popper;
using namespace popper::test;
using Op = ast::BinaryOp;

namespace {
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

Batch intsBatch(std::vector<int64_t> x, std::vector<int64_t> y) {
  return BatchBuilder({{"x", Type::Int}, {"y", Type::Int}})
      .ints(0, std::move(x))
      .ints(1, std::move(y))
      .done();
}
}  // namespace

TEST_CASE("integer arithmetic over columns and constants") {
  Batch b = intsBatch({1, 7, -7, 100}, {2, 2, 2, -3});
  auto r = evaluateAll(bin(Op::Add, bin(Op::Mul, col(0, Type::Int), litInt(10)), col(1, Type::Int)), b);
  CHECK(r->errors.empty());
  CHECK(r->column.ints == std::vector<int64_t>{12, 72, -68, 997});
  // Division and remainder truncate toward zero, as in C++.
  CHECK(evaluateAll(bin(Op::Div, col(0, Type::Int), col(1, Type::Int)), b)->column.ints ==
        std::vector<int64_t>{0, 3, -3, -33});
  CHECK(evaluateAll(bin(Op::Mod, col(0, Type::Int), col(1, Type::Int)), b)->column.ints ==
        std::vector<int64_t>{1, 1, -1, 1});
}

TEST_CASE("integer division and modulo by zero are row errors with the expression's range") {
  Batch b = intsBatch({10, 10, 10}, {2, 0, 5});
  auto r = evaluateAll(bin(Op::Div, col(0, Type::Int), col(1, Type::Int), 17), b);
  REQUIRE(r->errors.size() == 1);
  CHECK(r->errors.errors()[0].row == 1);
  CHECK(r->errors.errors()[0].message == "integer division by zero");
  CHECK(r->errors.errors()[0].range.begin == 17);
  CHECK(r->column.ints[0] == 5);
  CHECK(r->column.ints[2] == 2);
  auto m = evaluateAll(bin(Op::Mod, col(0, Type::Int), col(1, Type::Int)), b);
  REQUIRE(m->errors.size() == 1);
  CHECK(m->errors.errors()[0].message == "integer modulo by zero");
}

TEST_CASE("INT64_MIN edges: / -1 overflows, % -1 is 0, unary minus overflows") {
  Batch b = intsBatch({kMin, kMin, 5}, {-1, -1, -1});
  auto d = evaluateAll(bin(Op::Div, col(0, Type::Int), col(1, Type::Int)), b);
  REQUIRE(d->errors.size() == 2);
  CHECK(d->errors.errors()[0].message == "integer overflow");
  CHECK(d->column.ints[2] == -5);
  auto m = evaluateAll(bin(Op::Mod, col(0, Type::Int), col(1, Type::Int)), b);
  CHECK(m->errors.empty());
  CHECK(m->column.ints == std::vector<int64_t>{0, 0, 0});
  auto n = evaluateAll(unary(ast::UnaryOp::Negate, col(0, Type::Int)), b);
  REQUIRE(n->errors.size() == 2);
  CHECK(n->column.ints[2] == -5);
}

TEST_CASE("overflow in + - * is a row error on exactly the overflowing rows") {
  Batch b = intsBatch({kMax, 1, kMin, 3}, {1, 1, 1, kMax / 2});
  auto add = evaluateAll(bin(Op::Add, col(0, Type::Int), col(1, Type::Int)), b);
  REQUIRE(add->errors.size() == 1);
  CHECK(add->errors.errors()[0].row == 0);
  CHECK(add->column.ints[1] == 2);
  auto sub = evaluateAll(bin(Op::Sub, col(0, Type::Int), col(1, Type::Int)), b);
  REQUIRE(sub->errors.size() == 1);
  CHECK(sub->errors.errors()[0].row == 2);
  auto mul = evaluateAll(bin(Op::Mul, col(0, Type::Int), col(1, Type::Int)), b);
  REQUIRE(mul->errors.size() == 1);
  CHECK(mul->errors.errors()[0].row == 3);
}

TEST_CASE("float arithmetic is IEEE: division by zero is inf or nan, not an error") {
  Batch b = BatchBuilder({{"x", Type::Float}}).floats(0, {1.0, -1.0, 0.0}).done();
  auto r = evaluateAll(bin(Op::Div, col(0, Type::Float), litFloat(0.0)), b);
  CHECK(r->errors.empty());
  CHECK(std::isinf(r->column.floats[0]));
  CHECK(r->column.floats[1] < 0);
  CHECK(std::isnan(r->column.floats[2]));
}

TEST_CASE("comparisons with NaN are false except !=") {
  double nan = std::nan("");
  Batch b = BatchBuilder({{"x", Type::Float}}).floats(0, {nan, 1.0}).done();
  for (Op op : {Op::Eq, Op::Lt, Op::Le, Op::Gt, Op::Ge}) {
    auto r = evaluateAll(bin(op, col(0, Type::Float), litFloat(nan)), b);
    CHECK(r->column.bools == std::vector<uint8_t>{0, 0});
  }
  CHECK(evaluateAll(bin(Op::Ne, col(0, Type::Float), litFloat(nan)), b)->column.bools ==
        std::vector<uint8_t>{1, 1});
}

TEST_CASE("int widened to float through an explicit cast") {
  Batch b = intsBatch({3, -4}, {0, 0});
  auto r = evaluateAll(bin(Op::Mul, cast(Type::Float, col(0, Type::Int)), litFloat(3.6)), b);
  CHECK(r->column.floats[0] == doctest::Approx(10.8));
  CHECK(r->column.floats[1] == doctest::Approx(-14.4));
}

TEST_CASE("string comparison is byte-wise (code-point order) and + concatenates") {
  Batch b = BatchBuilder({{"s", Type::String}}).strings(0, {"a", "b", "é", "Z"}).done();
  auto lt = evaluateAll(bin(Op::Lt, col(0, Type::String), litStr("b")), b);
  CHECK(lt->column.bools == std::vector<uint8_t>{1, 0, 0, 1});
  auto gt = evaluateAll(bin(Op::Gt, col(0, Type::String), litStr("z")), b);
  CHECK(gt->column.bools == std::vector<uint8_t>{0, 0, 1, 0});  // é (U+00E9) sorts after z
  auto cat = evaluateAll(bin(Op::Add, col(0, Type::String), litStr("!")), b);
  CHECK(cat->column.strings[2] == "é!");
}

TEST_CASE("AND evaluates its right side only where the left is true") {
  Batch b = intsBatch({0, 5, 20, 0}, {0, 0, 0, 0});
  // x != 0 AND 10 / x > 1
  BoundExpr e = bin(Op::And, bin(Op::Ne, col(0, Type::Int), litInt(0)),
                    bin(Op::Gt, bin(Op::Div, litInt(10), col(0, Type::Int)), litInt(1)));
  auto r = evaluateAll(e, b);
  CHECK(r->errors.empty());
  CHECK(r->column.bools == std::vector<uint8_t>{0, 1, 0, 0});
}

TEST_CASE("OR evaluates its right side only where the left is false") {
  Batch b = intsBatch({0, 5}, {0, 0});
  // x == 0 OR 10 / x > 1
  BoundExpr e = bin(Op::Or, bin(Op::Eq, col(0, Type::Int), litInt(0)),
                    bin(Op::Gt, bin(Op::Div, litInt(10), col(0, Type::Int)), litInt(1)));
  auto r = evaluateAll(e, b);
  CHECK(r->errors.empty());
  CHECK(r->column.bools == std::vector<uint8_t>{1, 1});
}

TEST_CASE("IF evaluates each branch only on its rows") {
  Batch b = intsBatch({0, 4, -2}, {0, 0, 0});
  // IF(x == 0, -1, 100 / x)
  BoundExpr e = ifExpr(bin(Op::Eq, col(0, Type::Int), litInt(0)), litInt(-1),
                       bin(Op::Div, litInt(100), col(0, Type::Int)));
  auto r = evaluateAll(e, b);
  CHECK(r->errors.empty());
  CHECK(r->column.ints == std::vector<int64_t>{-1, 25, -50});
}

TEST_CASE("NOT and boolean columns") {
  Batch b = BatchBuilder({{"f", Type::Bool}}).bools(0, {1, 0}).done();
  CHECK(evaluateAll(unary(ast::UnaryOp::Not, col(0, Type::Bool)), b)->column.bools ==
        std::vector<uint8_t>{0, 1});
}

TEST_CASE("input 1 reads the traced row") {
  Batch row = intsBatch({1, 2}, {0, 0});
  Batch traced = intsBatch({10, 20}, {0, 0});
  auto r = evaluateAll(bin(Op::Add, col(0, Type::Int), col(0, Type::Int, 1)), row, &traced);
  CHECK(r->column.ints == std::vector<int64_t>{11, 22});
  // With a row mapping: row r's traced row is tracedRows[r].
  Interpreter interp(bin(Op::Add, col(0, Type::Int), col(0, Type::Int, 1)));
  uint32_t mapping[] = {1, 0};
  StringArena arena;
  EvalContext ctx{&row, &traced, mapping, &arena};
  Column out;
  RowErrors errors;
  interp.evaluate(ctx, allRows(2), out, errors);
  CHECK(out.ints == std::vector<int64_t>{21, 12});
}

TEST_CASE("filter keeps true rows and drops failed ones") {
  Batch b = intsBatch({1, 0, 3, 4}, {0, 0, 0, 0});
  // 12 / x > 3  → rows 0 (12) and 2 (4); row 1 fails
  Interpreter interp(bin(Op::Gt, bin(Op::Div, litInt(12), col(0, Type::Int)), litInt(3)));
  StringArena arena;
  EvalContext ctx{&b, nullptr, nullptr, &arena};
  Selection out;
  RowErrors errors;
  interp.filter(ctx, allRows(4), out, errors);
  CHECK(out == Selection{0, 2});
  REQUIRE(errors.size() == 1);
  CHECK(errors.errors()[0].row == 1);
  // Over a sub-selection, results are for those rows only.
  errors.clear();
  interp.filter(ctx, Selection{2, 3}, out, errors);
  CHECK(out == Selection{2});
}

TEST_CASE("RowProjector filters, projects and keeps ids; failed rows are left out") {
  Batch b = BatchBuilder({{"id", Type::Int}, {"d", Type::Int}, {"s", Type::String}})
                .ints(0, {1, 2, 3, 4})
                .ints(1, {2, 0, 5, 1})
                .strings(2, {"a", "b", "c", "d"})
                .done();
  SchemaPtr outSchema = schemaOf({{"s", Type::String}, {"q", Type::Int}});
  // SELECT s, 10 / d AS q WHERE id != 3
  RowProjector p(bin(Op::Ne, col(0, Type::Int), litInt(3)),
                 {col(2, Type::String), bin(Op::Div, litInt(10), col(1, Type::Int))}, outSchema);
  RowErrors errors;
  Batch out = p.apply(b, errors);
  CHECK(out.isConsistent());
  REQUIRE(out.size() == 2);
  CHECK(out.column(0).strings[0] == "a");
  CHECK(out.column(0).strings[1] == "d");
  CHECK(out.column(1).ints == std::vector<int64_t>{5, 10});
  CHECK(out.rowIds[1] == b.rowIds[3]);
  REQUIRE(errors.size() == 1);
  CHECK(errors.errors()[0].row == 1);
}

TEST_CASE("string constants in a result live in the result's arena, not in the interpreter") {
  Batch b = BatchBuilder({{"x", Type::Int}}).ints(0, {1, 2}).done();
  // IF(x == 1, "one", "other"): the interpreter (and its literals) is gone once evaluateAll returns.
  auto r = evaluateAll(ifExpr(bin(Op::Eq, col(0, Type::Int), litInt(1)), litStr("one"), litStr("other")), b);
  CHECK(r->column.strings[0] == "one");
  CHECK(r->column.strings[1] == "other");
}

// Tiny builders for hand-made BoundExprs and one-batch evaluation, so tests
// read like the expressions they check.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "compiler/sema/BoundExpr.h"
#include "runtime/data/Batch.h"
#include "runtime/expr/Interpreter.h"

namespace popper::test {

inline BoundExpr lit(Literal v) {
  BoundExpr e;
  e.kind = BoundExpr::Kind::Const;
  e.type = v.type();
  e.value = std::move(v);
  return e;
}
inline BoundExpr litInt(int64_t v) { return lit(Literal{v}); }
inline BoundExpr litFloat(double v) { return lit(Literal{v}); }
inline BoundExpr litBool(bool v) { return lit(Literal{v}); }
inline BoundExpr litStr(std::string v) { return lit(Literal{std::move(v)}); }

inline BoundExpr col(int index, Type type, int input = 0) {
  BoundExpr e;
  e.kind = BoundExpr::Kind::Column;
  e.type = type;
  e.column = index;
  e.input = input;
  return e;
}

inline BoundExpr bin(ast::BinaryOp op, BoundExpr a, BoundExpr b, uint32_t rangeBegin = 0) {
  BoundExpr e;
  e.kind = BoundExpr::Kind::Binary;
  e.binaryOp = op;
  using Op = ast::BinaryOp;
  bool arithmetic = op == Op::Add || op == Op::Sub || op == Op::Mul || op == Op::Div || op == Op::Mod;
  e.type = arithmetic ? a.type : Type::Bool;
  e.range = {rangeBegin, rangeBegin + 1};
  e.args.push_back(std::move(a));
  e.args.push_back(std::move(b));
  return e;
}

inline BoundExpr unary(ast::UnaryOp op, BoundExpr a) {
  BoundExpr e;
  e.kind = BoundExpr::Kind::Unary;
  e.unaryOp = op;
  e.type = op == ast::UnaryOp::Not ? Type::Bool : a.type;
  e.args.push_back(std::move(a));
  return e;
}

inline BoundExpr cast(Type to, BoundExpr a) {
  BoundExpr e;
  e.kind = BoundExpr::Kind::Cast;
  e.type = to;
  e.args.push_back(std::move(a));
  return e;
}

inline BoundExpr ifExpr(BoundExpr c, BoundExpr a, BoundExpr b) {
  BoundExpr e;
  e.kind = BoundExpr::Kind::If;
  e.type = a.type;
  e.args = {std::move(c), std::move(a), std::move(b)};
  return e;
}

inline BoundExpr call(BuiltinFunc f, Type type, std::vector<BoundExpr> args) {
  BoundExpr e;
  e.kind = BoundExpr::Kind::Call;
  e.func = f;
  e.type = type;
  e.args = std::move(args);
  return e;
}

// A schema from (name, type) pairs.
inline SchemaPtr schemaOf(std::initializer_list<std::pair<const char*, Type>> columns) {
  Schema s;
  for (const auto& [name, type] : columns) {
    ColumnInfo c;
    c.name = name;
    c.type = type;
    s.push_back(std::move(c));
  }
  return std::make_shared<const Schema>(std::move(s));
}

// A batch of one schema filled column by column.
struct BatchBuilder {
  SchemaPtr schema;
  Batch batch;

  BatchBuilder(std::initializer_list<std::pair<const char*, Type>> columns)
      : schema(schemaOf(columns)), batch(schema) {}
  BatchBuilder& ints(int c, std::vector<int64_t> v) {
    batch.column(c).ints = std::move(v);
    return *this;
  }
  BatchBuilder& floats(int c, std::vector<double> v) {
    batch.column(c).floats = std::move(v);
    return *this;
  }
  BatchBuilder& bools(int c, std::vector<uint8_t> v) {
    batch.column(c).bools = std::move(v);
    return *this;
  }
  BatchBuilder& strings(int c, const std::vector<std::string>& v) {
    for (const std::string& s : v) batch.column(c).strings.push_back(batch.arena().store(s));
    return *this;
  }
  // Call after the columns: gives rows ids 1..n, weight +1.
  Batch done() {
    size_t n = batch.column(0).size();
    for (size_t r = 0; r < n; ++r) batch.addRowMeta(RowId::make(r + 1, 0), kInsert);
    return std::move(batch);
  }
};

// Evaluates `e` over all rows of `b` (input 1 = `traced`, same row index).
struct Evaluated {
  Column column;
  RowErrors errors;
  StringArena arena;
};
inline std::unique_ptr<Evaluated> evaluateAll(const BoundExpr& e, const Batch& b,
                                              const Batch* traced = nullptr) {
  auto out = std::make_unique<Evaluated>();
  Interpreter interp(e);
  EvalContext ctx{&b, traced, nullptr, &out->arena};
  interp.evaluate(ctx, allRows(b.size()), out->column, out->errors);
  return out;
}

}  // namespace popper::test

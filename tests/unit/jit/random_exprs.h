// Random well-typed BoundExpr trees and batches for the JIT differential
// test: every node kind, every builtin, and the edge values that exercise
// the row errors (0, -1, INT64_MIN, INT64_MAX, NaN, inf, -0.0, empty and
// multi-byte UTF-8 strings, invalid UTF-8 bytes). Column leaves read input 0
// (the row) or, when traced reads are on, input 1 (a handler's traced row,
// `t.col`, same schema). Every node gets its own source range, so a row
// error names exactly the node that failed.
#pragma once

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "compiler/sema/BoundExpr.h"
#include "runtime/data/Batch.h"

namespace popper::jittest {

// The test batch's columns: two of each numeric type, one bool, two strings.
enum Col { I0, I1, F0, F1, B0, S0, S1, kColumns };

inline SchemaPtr testSchema() {
  auto s = std::make_shared<Schema>();
  s->push_back({"i0", Type::Int, std::nullopt});
  s->push_back({"i1", Type::Int, std::nullopt});
  s->push_back({"f0", Type::Float, std::nullopt});
  s->push_back({"f1", Type::Float, std::nullopt});
  s->push_back({"b0", Type::Bool, std::nullopt});
  s->push_back({"s0", Type::String, std::nullopt});
  s->push_back({"s1", Type::String, std::nullopt});
  return s;
}

class RandomExprs {
 public:
  explicit RandomExprs(uint32_t seed) : rng_(seed) {}

  // Column leaves may read input 1 (the traced row) from now on.
  void readTraced(bool on) { traced_ = on; }

  int64_t anyInt() {
    static const int64_t pool[] = {0,
                                   1,
                                   -1,
                                   2,
                                   3,
                                   -3,
                                   7,
                                   10,
                                   100,
                                   -100,
                                   std::numeric_limits<int64_t>::min(),
                                   std::numeric_limits<int64_t>::max(),
                                   std::numeric_limits<int64_t>::min() + 1,
                                   std::numeric_limits<int64_t>::max() - 1,
                                   4611686018427387904LL,
                                   3037000500LL};
    if (pick(4) == 0) return static_cast<int64_t>(rng_()) - (1LL << 31);
    return pool[pick(std::size(pool))];
  }
  double anyFloat() {
    static const double pool[] = {0.0,
                                  -0.0,
                                  1.0,
                                  -1.0,
                                  0.5,
                                  -0.5,
                                  1.5,
                                  2.5,
                                  -2.5,
                                  3.25,
                                  1e300,
                                  -1e300,
                                  9.3e18,
                                  -9.3e18,
                                  9223372036854775807.0,
                                  -9223372036854775808.0,
                                  std::numeric_limits<double>::quiet_NaN(),
                                  std::numeric_limits<double>::infinity(),
                                  -std::numeric_limits<double>::infinity(),
                                  1e-310};
    if (pick(4) == 0) return std::uniform_real_distribution<double>(-1e6, 1e6)(rng_);
    return pool[pick(std::size(pool))];
  }
  std::string anyString() {
    static const char* pool[] = {"",
                                 "abc",
                                 "ABC ",
                                 " x ",
                                 "né",
                                 "日本語",
                                 "🙂x",
                                 "42",
                                 "-7",
                                 "1.5",
                                 "nan",
                                 "inf",
                                 "a,b",
                                 "ab",
                                 "b",
                                 "9223372036854775808",
                                 "Ünïcödé",
                                 "1e3",
                                 "\xff\xfe",
                                 "ΣΑΣ σς",
                                 "\t x\n",
                                 "ÀÉÎ",
                                 "Ǆ",
                                 "  ",
                                 "-9223372036854775808",
                                 "0x10",
                                 " 5",
                                 "İı",
                                 "+3",
                                 "1e400",
                                 "-0.0",
                                 "ab\xc3"};
    return pool[pick(std::size(pool))];
  }

  Batch batch(size_t rows) {
    Batch b(testSchema());
    for (size_t r = 0; r < rows; ++r) {
      b.rowIds.push_back(RowId{r});
      b.weights.push_back(1);
      b.column(I0).ints.push_back(anyInt());
      b.column(I1).ints.push_back(anyInt());
      b.column(F0).floats.push_back(anyFloat());
      b.column(F1).floats.push_back(anyFloat());
      b.column(B0).bools.push_back(static_cast<uint8_t>(pick(2)));
      b.column(S0).strings.push_back(b.arena().store(anyString()));
      b.column(S1).strings.push_back(b.arena().store(anyString()));
    }
    return b;
  }

  // A random ascending subset of 0..rows-1 (sometimes all rows).
  Selection selection(size_t rows) {
    Selection s;
    bool all = pick(3) == 0;
    for (uint32_t r = 0; r < rows; ++r)
      if (all || pick(3) != 0) s.push_back(r);
    return s;
  }

  BoundExpr expr(Type type, int depth) {
    BoundExpr e = depth <= 0 || pick(5) == 0 ? leaf(type) : inner(type, depth - 1);
    e.type = type;
    e.range = SourceRange{next_, next_ + 1};
    ++next_;
    return e;
  }

  Type numericType() { return pick(2) ? Type::Int : Type::Float; }
  Type anyType() { return static_cast<Type>(pick(4)); }
  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }

 private:
  BoundExpr leaf(Type type) {
    BoundExpr e;
    if (pick(3) == 0) {
      e.kind = BoundExpr::Kind::Const;
      switch (type) {
        case Type::Int:
          e.value.value = anyInt();
          break;
        case Type::Float:
          e.value.value = anyFloat();
          break;
        case Type::Bool:
          e.value.value = pick(2) == 1;
          break;
        case Type::String:
          e.value.value = anyString();
          break;
      }
      return e;
    }
    e.kind = BoundExpr::Kind::Column;
    if (traced_ && pick(3) == 0) e.input = 1;
    switch (type) {
      case Type::Int:
        e.column = pick(2) ? I0 : I1;
        break;
      case Type::Float:
        e.column = pick(2) ? F0 : F1;
        break;
      case Type::Bool:
        e.column = B0;
        break;
      case Type::String:
        e.column = pick(2) ? S0 : S1;
        break;
    }
    return e;
  }

  static BoundExpr node(BoundExpr::Kind kind) {
    BoundExpr e;
    e.kind = kind;
    return e;
  }
  BoundExpr call(BuiltinFunc f, std::vector<BoundExpr> args) {
    BoundExpr e = node(BoundExpr::Kind::Call);
    e.func = f;
    e.args = std::move(args);
    return e;
  }
  BoundExpr binary(ast::BinaryOp op, BoundExpr a, BoundExpr b) {
    BoundExpr e = node(BoundExpr::Kind::Binary);
    e.binaryOp = op;
    e.args.push_back(std::move(a));
    e.args.push_back(std::move(b));
    return e;
  }
  BoundExpr cast(BoundExpr a) {
    BoundExpr e = node(BoundExpr::Kind::Cast);
    e.args.push_back(std::move(a));
    return e;
  }
  BoundExpr conditional(Type t, int d) {
    BoundExpr e = node(BoundExpr::Kind::If);
    e.args.push_back(expr(Type::Bool, d));
    e.args.push_back(expr(t, d));
    e.args.push_back(expr(t, d));
    return e;
  }

  BoundExpr inner(Type type, int d) {
    switch (type) {
      case Type::Int:
        return intNode(d);
      case Type::Float:
        return floatNode(d);
      case Type::Bool:
        return boolNode(d);
      case Type::String:
        return stringNode(d);
    }
    return leaf(type);
  }

  BoundExpr intNode(int d) {
    static const ast::BinaryOp ops[] = {ast::BinaryOp::Add, ast::BinaryOp::Sub, ast::BinaryOp::Mul,
                                        ast::BinaryOp::Div, ast::BinaryOp::Mod};
    switch (pick(10)) {
      case 0:
      case 1:
      case 2:
        return binary(ops[pick(5)], expr(Type::Int, d), expr(Type::Int, d));
      case 3: {
        BoundExpr e = node(BoundExpr::Kind::Unary);
        e.unaryOp = ast::UnaryOp::Negate;
        e.args.push_back(expr(Type::Int, d));
        return e;
      }
      case 4:
        return conditional(Type::Int, d);
      case 5:
        return cast(expr(pick(3) == 0 ? Type::String : pick(2) ? Type::Float : Type::Bool, d));
      case 6: {
        static const BuiltinFunc fs[] = {BuiltinFunc::Abs, BuiltinFunc::Round, BuiltinFunc::Floor,
                                         BuiltinFunc::Ceil};
        return call(fs[pick(4)], {expr(Type::Int, d)});
      }
      case 7: {
        std::vector<BoundExpr> args;
        for (size_t k = 0, n = 2 + pick(2); k < n; ++k) args.push_back(expr(Type::Int, d));
        return call(pick(2) ? BuiltinFunc::Min : BuiltinFunc::Max, std::move(args));
      }
      case 8:
        return call(BuiltinFunc::ToInt, {expr(anyType(), d)});
      default:
        return call(BuiltinFunc::Len, {expr(Type::String, d)});
    }
  }

  BoundExpr floatNode(int d) {
    static const ast::BinaryOp ops[] = {ast::BinaryOp::Add, ast::BinaryOp::Sub, ast::BinaryOp::Mul,
                                        ast::BinaryOp::Div, ast::BinaryOp::Mod};
    switch (pick(9)) {
      case 0:
      case 1:
      case 2:
        return binary(ops[pick(5)], expr(Type::Float, d), expr(Type::Float, d));
      case 3: {
        BoundExpr e = node(BoundExpr::Kind::Unary);
        e.unaryOp = ast::UnaryOp::Negate;
        e.args.push_back(expr(Type::Float, d));
        return e;
      }
      case 4:
        return conditional(Type::Float, d);
      case 5:
        return cast(expr(pick(3) == 0 ? Type::String : pick(2) ? Type::Int : Type::Bool, d));
      case 6: {
        static const BuiltinFunc fs[] = {BuiltinFunc::Abs, BuiltinFunc::Round, BuiltinFunc::Floor,
                                         BuiltinFunc::Ceil};
        return call(fs[pick(4)], {expr(Type::Float, d)});
      }
      case 7: {
        std::vector<BoundExpr> args;
        for (size_t k = 0, n = 2 + pick(2); k < n; ++k) args.push_back(expr(Type::Float, d));
        return call(pick(2) ? BuiltinFunc::Min : BuiltinFunc::Max, std::move(args));
      }
      default: {
        Type from = pick(3) == 0 ? Type::String : pick(2) ? Type::Int : Type::Float;
        return call(BuiltinFunc::ToFloat, {expr(from, d)});
      }
    }
  }

  BoundExpr boolNode(int d) {
    static const ast::BinaryOp cmps[] = {ast::BinaryOp::Eq, ast::BinaryOp::Ne, ast::BinaryOp::Lt,
                                         ast::BinaryOp::Le, ast::BinaryOp::Gt, ast::BinaryOp::Ge};
    switch (pick(9)) {
      case 0:
      case 1: {
        Type t = pick(4) == 0 ? anyType() : numericType();
        return binary(cmps[pick(6)], expr(t, d), expr(t, d));
      }
      case 2:
      case 3:
        return binary(pick(2) ? ast::BinaryOp::And : ast::BinaryOp::Or, expr(Type::Bool, d),
                      expr(Type::Bool, d));
      case 4: {
        BoundExpr e = node(BoundExpr::Kind::Unary);
        e.unaryOp = ast::UnaryOp::Not;
        e.args.push_back(expr(Type::Bool, d));
        return e;
      }
      case 5:
        return conditional(Type::Bool, d);
      case 6: {
        static const BuiltinFunc fs[] = {BuiltinFunc::Contains, BuiltinFunc::StartsWith,
                                         BuiltinFunc::EndsWith};
        return call(fs[pick(3)], {expr(Type::String, d), expr(Type::String, d)});
      }
      case 7: {
        BoundExpr pattern = node(BoundExpr::Kind::Const);
        static const char* patterns[] = {"^a",  "b$",  "[0-9]+",  "(", "日",
                                         "\\d", "^.$", "(?i)abc", "[", "\\s"};
        pattern.type = Type::String;
        pattern.value.value = std::string(patterns[pick(std::size(patterns))]);
        pattern.range = SourceRange{next_, next_ + 1};
        ++next_;
        // Sometimes a computed pattern (per-row regexes, most of them invalid or odd).
        if (pick(4) == 0) return call(BuiltinFunc::Matches, {expr(Type::String, d), expr(Type::String, d)});
        return call(BuiltinFunc::Matches, {expr(Type::String, d), std::move(pattern)});
      }
      default:
        return cast(expr(Type::Int, d));  // to bool: always a row error
    }
  }

  BoundExpr smallInt(int d) {
    if (pick(2)) return expr(Type::Int, d);
    BoundExpr e = node(BoundExpr::Kind::Const);
    e.type = Type::Int;
    e.value.value = static_cast<int64_t>(pick(8)) - 2;
    e.range = SourceRange{next_, next_ + 1};
    ++next_;
    return e;
  }

  BoundExpr stringNode(int d) {
    switch (pick(11)) {
      case 0:
        return binary(ast::BinaryOp::Add, expr(Type::String, d), expr(Type::String, d));
      case 1:
        return call(pick(2) ? BuiltinFunc::Lower : BuiltinFunc::Upper, {expr(Type::String, d)});
      case 2:
        return call(BuiltinFunc::Trim, {expr(Type::String, d)});
      case 3:
        if (pick(2)) return call(BuiltinFunc::Substr, {expr(Type::String, d), smallInt(d)});
        return call(BuiltinFunc::Substr, {expr(Type::String, d), smallInt(d), smallInt(d)});
      case 4:
        return call(BuiltinFunc::Replace,
                    {expr(Type::String, d), expr(Type::String, d), expr(Type::String, d)});
      case 5: {
        std::vector<BoundExpr> args;
        for (size_t k = 0, n = 1 + pick(3); k < n; ++k) args.push_back(expr(anyType(), d));
        return call(BuiltinFunc::Concat, std::move(args));
      }
      case 6:
        return call(BuiltinFunc::ToString, {expr(anyType(), d)});
      case 7: {
        std::vector<BoundExpr> args;
        for (size_t k = 0, n = 2 + pick(2); k < n; ++k) args.push_back(expr(Type::String, d));
        return call(pick(2) ? BuiltinFunc::Min : BuiltinFunc::Max, std::move(args));
      }
      case 8:
        return cast(expr(pick(2) ? Type::Int : pick(2) ? Type::Float : Type::Bool, d));
      default:
        return conditional(Type::String, d);
    }
  }

  std::mt19937_64 rng_;
  uint32_t next_ = 1;
  bool traced_ = false;
};

}  // namespace popper::jittest

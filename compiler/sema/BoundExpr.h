// Resolved, typed expressions: the output of sema for every expression in a
// workflow, and the input of the interpreter and the JIT. Columns are indices,
// int->float widening is an explicit Cast, parameters are constants.
#pragma once

#include <cstdint>
#include <vector>

#include "common/Type.h"
#include "compiler/ast/Ast.h"

namespace popper {

// Built-in scalar functions (docs/language.md). Semantics:
//  len(s)->int (UTF-8 characters)  lower/upper/trim(s)->string
//  contains/starts_with/ends_with(s, t)->bool  replace(s, from, to)->string (all occurrences)
//  substr(s, start[, length])->string, 0-based, in characters; out of range clamps to ""
//  concat(x, y, ...)->string (any types, each formatted as to_string would)
//  to_int(string|float|bool|int)->int   (bad string, NaN or out-of-range float: row error)
//  to_float(string|int|float)->float    (bad string: row error)
//  to_string(any)->string (floats in shortest round-trip form, always with '.' or exponent)
//  abs(int|float) same type (abs(INT64_MIN): row error)
//  round/floor/ceil(float)->float, (int)->int; round is half away from zero
//  min/max(a, b, ...) of one type after widening (int/float) or all strings
//  matches(s, regex)->bool (RE2 syntax, partial match; a bad pattern: row error)
enum class BuiltinFunc : uint8_t {
  Len,
  Lower,
  Upper,
  Trim,
  Contains,
  StartsWith,
  EndsWith,
  Replace,
  Substr,
  Concat,
  ToInt,
  ToFloat,
  ToString,
  Abs,
  Round,
  Floor,
  Ceil,
  Min,
  Max,
  Matches,
};

enum class AggFunc : uint8_t { CountStar, Count, Sum, Avg, Min, Max };

struct BoundExpr {
  enum class Kind : uint8_t { Const, Column, Cast, Unary, Binary, If, Call };

  Kind kind = Kind::Const;
  Type type = Type::Int;  // result type
  SourceRange range;      // for row-error messages

  Literal value;                // Const
  int input = 0;                // Column: 0 = the row; 1 = a handler's traced row (t.col)
  int column = -1;              // Column: index into that input's schema
  ast::UnaryOp unaryOp{};       // Unary (Negate: int/float, Not: bool)
  ast::BinaryOp binaryOp{};     // Binary: operands already widened to a common type;
                                // Add on strings concatenates; And/Or short-circuit
  BuiltinFunc func{};           // Call
  std::vector<BoundExpr> args;  // Cast: 1 (to `type`), Unary: 1, Binary: 2, If: 3, Call: n
};

struct BoundAggregate {
  AggFunc func = AggFunc::CountStar;
  BoundExpr arg;          // unused for CountStar
  Type type = Type::Int;  // COUNT: int, SUM: arg type, AVG: float, MIN/MAX: arg type
  SourceRange range;
};

// Structural equality, ignoring source ranges (GROUP BY key matching, plan rewrites).
bool sameExpr(const BoundExpr& a, const BoundExpr& b);

}  // namespace popper

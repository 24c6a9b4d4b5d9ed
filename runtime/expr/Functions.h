// Built-in scalar functions (the list and semantics are in
// compiler/sema/BoundExpr.h), vectorized: every argument arrives evaluated as a
// dense column of n values; the function writes n results into `out`.
// Row errors name the input-0 row `rows[i]` and the call's source range.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "compiler/sema/BoundExpr.h"
#include "runtime/data/Column.h"
#include "runtime/data/StringArena.h"
#include "runtime/expr/RowErrors.h"

namespace popper {

// Per-call-site state a builtin may keep between batches (matches: compiled regexes).
struct FunctionState {
  virtual ~FunctionState() = default;
};

struct FunctionCall {
  const std::vector<Column>& args;
  size_t n;              // rows
  const uint32_t* rows;  // input-0 row index of each of the n rows (for errors)
  Column& out;           // already typed; the function fills n values
  StringArena& arena;    // for computed strings
  RowErrors& errors;
  SourceRange range;
  std::unique_ptr<FunctionState>& state;

  void fail(size_t i, std::string message) const { errors.add(rows[i], range, std::move(message)); }
};

using BuiltinImpl = void (*)(const FunctionCall&);

// The implementation of `f`.
BuiltinImpl builtinImpl(BuiltinFunc f);

// One function per builtin (runtime/expr/functions/*.cpp).
void fnLen(const FunctionCall&);
void fnLower(const FunctionCall&);
void fnUpper(const FunctionCall&);
void fnTrim(const FunctionCall&);
void fnContains(const FunctionCall&);
void fnStartsWith(const FunctionCall&);
void fnEndsWith(const FunctionCall&);
void fnReplace(const FunctionCall&);
void fnSubstr(const FunctionCall&);
void fnConcat(const FunctionCall&);
void fnToInt(const FunctionCall&);
void fnToFloat(const FunctionCall&);
void fnToString(const FunctionCall&);
void fnAbs(const FunctionCall&);
void fnRound(const FunctionCall&);
void fnFloor(const FunctionCall&);
void fnCeil(const FunctionCall&);
void fnMin(const FunctionCall&);
void fnMax(const FunctionCall&);
void fnMatches(const FunctionCall&);

}  // namespace popper

// The built-in scalar functions and aggregates of the language: their names
// (matched case-insensitively) and their type rules, as documented in
// BoundExpr.h. The expression binder asks this table what a call means.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/sema/BoundExpr.h"

namespace popper {

// The scalar function called `name` (any case), if there is one.
std::optional<BuiltinFunc> lookupBuiltin(std::string_view name);
// The aggregate called `name` with `argCount` arguments: COUNT, SUM, AVG, and
// MIN/MAX with exactly one argument (with two or more they are scalar).
std::optional<AggFunc> lookupAggregate(std::string_view name, size_t argCount, bool starArg);
bool isAggregateName(std::string_view name);

// Canonical lower-case names, for messages and suggestions.
const char* builtinName(BuiltinFunc func);
const char* aggregateName(AggFunc func);
std::vector<std::string> builtinNames();

// The outcome of checking a call's argument types against a signature.
struct CallTyping {
  std::optional<Type> result;                 // set when the call is well-typed
  int badArg = -1;                            // index of the offending argument, -1: the whole call
  std::string error;                          // when !result
  std::vector<std::optional<Type>> castArgs;  // per argument: widen to this type first
};

CallTyping typeBuiltinCall(BuiltinFunc func, const std::vector<Type>& argTypes);
// COUNT(*) takes no argument types; the others take exactly one.
CallTyping typeAggregateCall(AggFunc func, const std::vector<Type>& argTypes);

}  // namespace popper

// Type rules of the built-in functions and aggregates (see BoundExpr.h).
#include "compiler/sema/Builtins.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace popper {
namespace {

struct BuiltinEntry {
  BuiltinFunc func;
  const char* name;
};

constexpr std::array<BuiltinEntry, 20> kBuiltins{{
    {BuiltinFunc::Len, "len"},
    {BuiltinFunc::Lower, "lower"},
    {BuiltinFunc::Upper, "upper"},
    {BuiltinFunc::Trim, "trim"},
    {BuiltinFunc::Contains, "contains"},
    {BuiltinFunc::StartsWith, "starts_with"},
    {BuiltinFunc::EndsWith, "ends_with"},
    {BuiltinFunc::Replace, "replace"},
    {BuiltinFunc::Substr, "substr"},
    {BuiltinFunc::Concat, "concat"},
    {BuiltinFunc::ToInt, "to_int"},
    {BuiltinFunc::ToFloat, "to_float"},
    {BuiltinFunc::ToString, "to_string"},
    {BuiltinFunc::Abs, "abs"},
    {BuiltinFunc::Round, "round"},
    {BuiltinFunc::Floor, "floor"},
    {BuiltinFunc::Ceil, "ceil"},
    {BuiltinFunc::Min, "min"},
    {BuiltinFunc::Max, "max"},
    {BuiltinFunc::Matches, "matches"},
}};

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool isNumeric(Type t) { return t == Type::Int || t == Type::Float; }

CallTyping fail(int badArg, std::string message) {
  CallTyping typing;
  typing.badArg = badArg;
  typing.error = std::move(message);
  return typing;
}

CallTyping ok(Type result, size_t argCount) {
  CallTyping typing;
  typing.result = result;
  typing.castArgs.resize(argCount);
  return typing;
}

std::string arityText(size_t minArgs, size_t maxArgs) {
  if (maxArgs == SIZE_MAX) return fmt::format("at least {} argument{}", minArgs, minArgs == 1 ? "" : "s");
  if (minArgs == maxArgs) return fmt::format("{} argument{}", minArgs, minArgs == 1 ? "" : "s");
  return fmt::format("{} or {} arguments", minArgs, maxArgs);
}

// Each argument position must have exactly the given type.
CallTyping fixedSignature(const char* name, const std::vector<Type>& args, std::initializer_list<Type> params,
                          size_t minArgs, Type result) {
  size_t maxArgs = params.size();
  if (args.size() < minArgs || args.size() > maxArgs)
    return fail(-1, fmt::format("'{}' takes {}, got {}", name, arityText(minArgs, maxArgs), args.size()));
  size_t i = 0;
  for (Type expected : params) {
    if (i >= args.size()) break;
    if (args[i] != expected)
      return fail(static_cast<int>(i), fmt::format("argument {} of '{}' must be {}, got {}", i + 1, name,
                                                   typeName(expected), typeName(args[i])));
    ++i;
  }
  return ok(result, args.size());
}

// min/max: two or more values of one type after int->float widening, or all strings.
CallTyping typeMinMax(const char* name, const std::vector<Type>& args) {
  if (args.size() < 2)
    return fail(-1, fmt::format("'{}' takes {}, got {}", name, arityText(2, SIZE_MAX), args.size()));
  bool anyFloat = false;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == Type::Bool)
      return fail(static_cast<int>(i),
                  fmt::format("argument {} of '{}' must be int, float or string, got bool", i + 1, name));
    anyFloat = anyFloat || args[i] == Type::Float;
  }
  Type first = args[0];
  for (size_t i = 1; i < args.size(); ++i) {
    bool compatible = isNumeric(first) ? isNumeric(args[i]) : args[i] == first;
    if (!compatible)
      return fail(static_cast<int>(i), fmt::format("argument {} of '{}' is {}, but argument 1 is {}", i + 1,
                                                   name, typeName(args[i]), typeName(first)));
  }
  if (first == Type::String) return ok(Type::String, args.size());
  CallTyping typing = ok(anyFloat ? Type::Float : Type::Int, args.size());
  if (anyFloat)
    for (size_t i = 0; i < args.size(); ++i)
      if (args[i] == Type::Int) typing.castArgs[i] = Type::Float;
  return typing;
}

CallTyping oneNumeric(const char* name, const std::vector<Type>& args) {
  if (args.size() != 1) return fail(-1, fmt::format("'{}' takes 1 argument, got {}", name, args.size()));
  if (!isNumeric(args[0]))
    return fail(0, fmt::format("argument 1 of '{}' must be int or float, got {}", name, typeName(args[0])));
  return ok(args[0], 1);
}

CallTyping oneOf(const char* name, const std::vector<Type>& args, std::initializer_list<Type> allowed,
                 const char* allowedText, Type result) {
  if (args.size() != 1) return fail(-1, fmt::format("'{}' takes 1 argument, got {}", name, args.size()));
  if (std::find(allowed.begin(), allowed.end(), args[0]) == allowed.end())
    return fail(0,
                fmt::format("argument 1 of '{}' must be {}, got {}", name, allowedText, typeName(args[0])));
  return ok(result, 1);
}

}  // namespace

std::optional<BuiltinFunc> lookupBuiltin(std::string_view name) {
  std::string key = lowered(name);
  for (const BuiltinEntry& e : kBuiltins)
    if (key == e.name) return e.func;
  return std::nullopt;
}

bool isAggregateName(std::string_view name) {
  std::string key = lowered(name);
  return key == "count" || key == "sum" || key == "avg" || key == "min" || key == "max";
}

std::optional<AggFunc> lookupAggregate(std::string_view name, size_t argCount, bool starArg) {
  std::string key = lowered(name);
  if (key == "count") return starArg ? AggFunc::CountStar : AggFunc::Count;
  if (key == "sum") return AggFunc::Sum;
  if (key == "avg") return AggFunc::Avg;
  if ((key == "min" || key == "max") && (argCount == 1 || starArg))
    return key == "min" ? AggFunc::Min : AggFunc::Max;
  return std::nullopt;
}

const char* builtinName(BuiltinFunc func) {
  for (const BuiltinEntry& e : kBuiltins)
    if (e.func == func) return e.name;
  return "?";
}

const char* aggregateName(AggFunc func) {
  switch (func) {
    case AggFunc::CountStar:
    case AggFunc::Count:
      return "count";
    case AggFunc::Sum:
      return "sum";
    case AggFunc::Avg:
      return "avg";
    case AggFunc::Min:
      return "min";
    case AggFunc::Max:
      return "max";
  }
  return "?";
}

std::vector<std::string> builtinNames() {
  std::vector<std::string> names;
  for (const BuiltinEntry& e : kBuiltins) names.emplace_back(e.name);
  for (const char* agg : {"count", "sum", "avg"}) names.emplace_back(agg);
  return names;
}

CallTyping typeBuiltinCall(BuiltinFunc func, const std::vector<Type>& args) {
  const char* name = builtinName(func);
  using T = Type;
  switch (func) {
    case BuiltinFunc::Len:
      return fixedSignature(name, args, {T::String}, 1, T::Int);
    case BuiltinFunc::Lower:
    case BuiltinFunc::Upper:
    case BuiltinFunc::Trim:
      return fixedSignature(name, args, {T::String}, 1, T::String);
    case BuiltinFunc::Contains:
    case BuiltinFunc::StartsWith:
    case BuiltinFunc::EndsWith:
    case BuiltinFunc::Matches:
      return fixedSignature(name, args, {T::String, T::String}, 2, T::Bool);
    case BuiltinFunc::Replace:
      return fixedSignature(name, args, {T::String, T::String, T::String}, 3, T::String);
    case BuiltinFunc::Substr:
      return fixedSignature(name, args, {T::String, T::Int, T::Int}, 2, T::String);
    case BuiltinFunc::Concat:
      if (args.empty()) return fail(-1, fmt::format("'concat' takes {}, got 0", arityText(1, SIZE_MAX)));
      return ok(T::String, args.size());
    case BuiltinFunc::ToInt:
      return oneOf(name, args, {T::String, T::Float, T::Bool, T::Int}, "string, float, bool or int", T::Int);
    case BuiltinFunc::ToFloat:
      return oneOf(name, args, {T::String, T::Int, T::Float}, "string, int or float", T::Float);
    case BuiltinFunc::ToString:
      return oneOf(name, args, {T::String, T::Int, T::Float, T::Bool}, "a value", T::String);
    case BuiltinFunc::Abs:
    case BuiltinFunc::Round:
    case BuiltinFunc::Floor:
    case BuiltinFunc::Ceil:
      return oneNumeric(name, args);
    case BuiltinFunc::Min:
    case BuiltinFunc::Max:
      return typeMinMax(name, args);
  }
  return fail(-1, "unknown function");
}

CallTyping typeAggregateCall(AggFunc func, const std::vector<Type>& args) {
  const char* name = aggregateName(func);
  if (func == AggFunc::CountStar) return ok(Type::Int, 0);
  if (args.size() != 1)
    return fail(-1, fmt::format("aggregate '{}' takes 1 argument, got {}", name, args.size()));
  Type arg = args[0];
  switch (func) {
    case AggFunc::Count:
      return ok(Type::Int, 1);
    case AggFunc::Sum:
    case AggFunc::Avg:
      if (!isNumeric(arg))
        return fail(0, fmt::format("argument of '{}' must be int or float, got {}", name, typeName(arg)));
      return ok(func == AggFunc::Avg ? Type::Float : arg, 1);
    case AggFunc::Min:
    case AggFunc::Max:
      if (arg == Type::Bool)
        return fail(0, fmt::format("argument of '{}' must be int, float or string, got bool", name));
      return ok(arg, 1);
    case AggFunc::CountStar:
      break;
  }
  return ok(Type::Int, 0);
}

}  // namespace popper

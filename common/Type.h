// The language's scalar types and literal values (docs/language.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace popper {

enum class Type : uint8_t { String, Int, Float, Bool };

inline const char* typeName(Type t) {
  switch (t) {
    case Type::String:
      return "string";
    case Type::Int:
      return "int";
    case Type::Float:
      return "float";
    case Type::Bool:
      return "bool";
  }
  return "?";
}

// Type names are case-sensitive like identifiers: "string", "int", "float", "bool".
inline std::optional<Type> parseTypeName(std::string_view name) {
  if (name == "string") return Type::String;
  if (name == "int") return Type::Int;
  if (name == "float") return Type::Float;
  if (name == "bool") return Type::Bool;
  return std::nullopt;
}

// A literal value as written in the source (or given with -p / popper.yaml).
struct Literal {
  std::variant<std::string, int64_t, double, bool> value;

  Type type() const { return static_cast<Type>(value.index()); }
  const std::string& asString() const { return std::get<std::string>(value); }
  int64_t asInt() const { return std::get<int64_t>(value); }
  double asFloat() const { return std::get<double>(value); }
  bool asBool() const { return std::get<bool>(value); }
};
static_assert(std::variant_size_v<decltype(Literal::value)> == 4);

}  // namespace popper

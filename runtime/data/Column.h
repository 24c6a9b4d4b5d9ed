// Column: one typed vector of a batch. Exactly one of the four vectors is in
// use, the one matching `type`; values are never null (absent fields take the
// column's default at extraction). Strings are views into a StringArena that
// the owning batch keeps alive. Plain public vectors so hot loops index raw
// memory with no accessor in between.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/Type.h"

namespace popper {

struct Column {
  Type type = Type::Int;
  std::vector<int64_t> ints;              // Type::Int
  std::vector<double> floats;             // Type::Float
  std::vector<uint8_t> bools;             // Type::Bool (0 or 1)
  std::vector<std::string_view> strings;  // Type::String

  Column() = default;
  explicit Column(Type t) : type(t) {}

  size_t size() const;
  void clear();
  void reserve(size_t n);
  void resize(size_t n);
  // Appends rows[i] of `src` (same type) for each i; string views are copied as views.
  void appendGather(const Column& src, const uint32_t* rows, size_t n);
  void appendRange(const Column& src, size_t begin, size_t end);
  // Appends the column's default value for `t`: 0, 0.0, false, "".
  void appendZero();
};

}  // namespace popper

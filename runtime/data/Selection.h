// Selection: the rows of a batch an operation applies to, as ascending row
// indices. Filters produce one; the interpreter evaluates over one; gather
// copies the rows it names. "All rows" is simply the identity selection.
#pragma once

#include <cstdint>
#include <numeric>
#include <vector>

namespace popper {

using Selection = std::vector<uint32_t>;

// The identity selection 0..n-1.
inline Selection allRows(size_t n) {
  Selection s(n);
  std::iota(s.begin(), s.end(), 0u);
  return s;
}

inline void setAllRows(Selection& s, size_t n) {
  s.resize(n);
  std::iota(s.begin(), s.end(), 0u);
}

}  // namespace popper

// RowErrors bookkeeping.
#include "runtime/expr/RowErrors.h"

#include <algorithm>

namespace popper {

void RowErrors::add(uint32_t row, SourceRange range, std::string message) {
  if (row >= failed_.size()) failed_.resize(std::max<size_t>(row + 1, failed_.size() * 2), 0);
  if (failed_[row]) return;
  failed_[row] = 1;
  errors_.push_back(RowError{row, range, std::move(message)});
}

std::vector<RowError> RowErrors::sortedByRow() const {
  std::vector<RowError> v = errors_;
  std::stable_sort(v.begin(), v.end(), [](const RowError& a, const RowError& b) { return a.row < b.row; });
  return v;
}

void RowErrors::clear() {
  for (const RowError& e : errors_) failed_[e.row] = 0;
  errors_.clear();
}

}  // namespace popper

// RowErrors: the rows an evaluation could not compute (integer division by
// zero, overflow, a bad conversion, a bad regex), each with the source range of
// the failing expression and a lower-case reason. Callers exclude these rows
// from their output and send them to the rejects file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/SourceFile.h"

namespace popper {

struct RowError {
  uint32_t row = 0;     // row index in the evaluated batch (input 0)
  SourceRange range;    // the failing sub-expression
  std::string message;  // e.g. "integer division by zero"
};

class RowErrors {
 public:
  // Records the first error of `row`; later errors of the same row are dropped,
  // so each row is reported once.
  void add(uint32_t row, SourceRange range, std::string message);
  bool hasFailed(uint32_t row) const { return row < failed_.size() && failed_[row]; }
  bool empty() const { return errors_.empty(); }
  size_t size() const { return errors_.size(); }
  const std::vector<RowError>& errors() const { return errors_; }
  // Sorted by row.
  std::vector<RowError> sortedByRow() const;
  void clear();

 private:
  std::vector<RowError> errors_;
  std::vector<uint8_t> failed_;  // indexed by row
};

}  // namespace popper

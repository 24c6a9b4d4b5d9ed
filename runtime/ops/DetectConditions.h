// DetectConditions: which part of a handler's DETECT held on a row, for the
// corrections file and the handler's reject reasons (docs/error-handling.md,
// "The corrections file"). DETECT `a OR b OR c` has three parts, the first
// that holds names the condition; any other DETECT is one part. The parts are
// evaluated only for rows a handler corrects or rejects, by the interpreter
// (no JIT compile for them), and only when there are several.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/Schema.h"
#include "compiler/sema/BoundExpr.h"
#include "runtime/data/Batch.h"
#include "runtime/data/Selection.h"
#include "runtime/expr/ExprEvaluator.h"

namespace popper::ops {

class DetectConditions {
 public:
  explicit DetectConditions(const BoundExpr& detect);
  // The parts as `popper plan` prints them (over the handler's input schema).
  static std::vector<std::string> texts(const BoundExpr& detect, const Schema& input);

  // For each row of `sel` (rows of `rows`): the index of the first part that
  // holds on it (0 if none does, or there is one part).
  std::vector<uint8_t> firstHeld(const Batch& rows, const Selection& sel);
  uint8_t firstHeld(const Batch& rows, uint32_t row);

 private:
  std::vector<BoundExpr> parts_;                            // empty: one part
  std::vector<std::unique_ptr<ExprEvaluator>> evaluators_;  // made on first use
};

}  // namespace popper::ops

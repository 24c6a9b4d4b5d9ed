// RowProjector: WHERE + projections of a non-grouped SELECT (or any filter and
// map step) over one batch: filters, evaluates every projection on the
// surviving rows only, and builds the output batch (ids, weights and lineage of
// the input rows; strings shared with the input, computed strings in the
// output's arena). Rows that fail in WHERE or in any projection are left out
// and reported in `errors`.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "runtime/expr/ExprEvaluator.h"

namespace popper {

using EvaluatorFactory = std::function<std::unique_ptr<ExprEvaluator>(const BoundExpr&)>;

class RowProjector {
 public:
  // `outSchema` has one column per projection. The factory defaults to the Interpreter.
  RowProjector(const std::optional<BoundExpr>& where, const std::vector<BoundExpr>& projections,
               SchemaPtr outSchema, const EvaluatorFactory& factory = {});

  // Projects the rows of `in` (with `traced` as input 1, if any) into a new batch.
  Batch apply(const Batch& in, RowErrors& errors, const Batch* traced = nullptr,
              const uint32_t* tracedRows = nullptr);

 private:
  std::unique_ptr<ExprEvaluator> where_;
  std::vector<std::unique_ptr<ExprEvaluator>> projections_;
  std::vector<int> passthrough_;  // input column index when a projection is a bare column of input 0, else -1
  SchemaPtr outSchema_;
  Selection all_, selected_;
};

}  // namespace popper

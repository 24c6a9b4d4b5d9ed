// ExprColumns: a list of expressions evaluated over every row of a batch into
// a batch of their own (join keys, group keys, aggregate arguments, ORDER BY
// keys). Failed rows are recorded in the RowErrors; their values are unspecified.
#pragma once

#include <memory>
#include <vector>

#include "common/Status.h"
#include "runtime/expr/ExprEvaluator.h"

namespace popper::ops {

class ExprColumns {
 public:
  explicit ExprColumns(const std::vector<BoundExpr>& exprs,
                       const EvaluatorFactory& evaluators = interpreterFactory());
  const SchemaPtr& schema() const { return schema_; }
  size_t size() const { return evaluators_.size(); }
  // The result shares `rows`' strings; computed strings live in its own arena.
  Batch evaluate(const Batch& rows, RowErrors& errors);

 private:
  std::vector<std::unique_ptr<ExprEvaluator>> evaluators_;
  SchemaPtr schema_;
  Selection all_;
};

// Rejects every failed row of `rows` through ctx; returns the budget status.
class OperatorContext;
Status rejectRowErrors(const Batch& rows, const RowErrors& errors, OperatorContext& ctx);

}  // namespace popper::ops

// Evaluating expression lists into key batches (see ExprColumns.h).
#include "runtime/ops/ExprColumns.h"

#include <string>

#include "runtime/ops/PhysicalOperator.h"

namespace popper::ops {

ExprColumns::ExprColumns(const std::vector<BoundExpr>& exprs, const EvaluatorFactory& evaluators) {
  auto schema = std::make_shared<Schema>();
  for (size_t i = 0; i < exprs.size(); ++i) {
    evaluators_.push_back(evaluators(exprs[i]));
    schema->push_back(ColumnInfo{"k" + std::to_string(i), exprs[i].type, std::nullopt});
  }
  schema_ = std::move(schema);
}

Batch ExprColumns::evaluate(const Batch& rows, RowErrors& errors) {
  Batch out(schema_);
  out.shareStringsOf(rows);
  setAllRows(all_, rows.size());
  EvalContext ctx{&rows, nullptr, nullptr, &out.arena()};
  for (size_t i = 0; i < evaluators_.size(); ++i) evaluators_[i]->evaluate(ctx, all_, out.column(i), errors);
  out.rowIds = rows.rowIds;
  out.weights = rows.weights;
  return out;
}

Status rejectRowErrors(const Batch& rows, const RowErrors& errors, OperatorContext& ctx) {
  for (const RowError& e : errors.sortedByRow()) {
    ++ctx.counters().rejected;
    Status st = ctx.reject(rows.rowIds[e.row].position(), e.message);
    if (!st.isOk()) return st;
  }
  return Status::ok();
}

}  // namespace popper::ops

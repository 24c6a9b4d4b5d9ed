// RowProjector: filter, then evaluate projections on the surviving rows.
#include "runtime/expr/RowProjector.h"

#include "runtime/expr/Interpreter.h"

namespace popper {

RowProjector::RowProjector(const std::optional<BoundExpr>& where, const std::vector<BoundExpr>& projections,
                           SchemaPtr outSchema, const EvaluatorFactory& factory)
    : outSchema_(std::move(outSchema)) {
  EvaluatorFactory make = factory ? factory : EvaluatorFactory(makeInterpreter);
  if (where) where_ = make(*where);
  for (const BoundExpr& p : projections) {
    bool bare = p.kind == BoundExpr::Kind::Column && p.input == 0;
    passthrough_.push_back(bare ? p.column : -1);
    projections_.push_back(bare ? nullptr : make(p));
  }
}

Batch RowProjector::apply(const Batch& in, RowErrors& errors, const Batch* traced,
                          const uint32_t* tracedRows) {
  Batch out(outSchema_, in.hasLineage());
  out.shareStringsOf(in);
  EvalContext ctx{&in, traced, tracedRows, &out.arena()};
  setAllRows(all_, in.size());
  const Selection* sel = &all_;
  if (where_) {
    where_->filter(ctx, all_, selected_, errors);
    sel = &selected_;
  }
  size_t errorsBefore = errors.size();
  for (size_t p = 0; p < projections_.size(); ++p) {
    Column& col = out.column(p);
    if (passthrough_[p] >= 0)
      col.appendGather(in.column(passthrough_[p]), sel->data(), sel->size());
    else
      projections_[p]->evaluate(ctx, *sel, col, errors);
  }
  out.rowIds.reserve(sel->size());
  out.weights.reserve(sel->size());
  for (uint32_t r : *sel) {
    out.rowIds.push_back(in.rowIds[r]);
    out.weights.push_back(in.weights[r]);
  }
  if (in.hasLineage()) {
    for (uint32_t r : *sel) {
      auto [b, e] = in.parents(r);
      out.lineageParents.insert(out.lineageParents.end(), b, e);
      out.lineageOffsets.push_back(static_cast<uint32_t>(out.lineageParents.size()));
    }
  }
  if (errors.size() != errorsBefore) {
    // Drop the rows a projection failed on.
    Selection keep;
    for (size_t i = 0; i < sel->size(); ++i)
      if (!errors.hasFailed((*sel)[i])) keep.push_back(static_cast<uint32_t>(i));
    out.retain(keep);
  }
  return out;
}

}  // namespace popper

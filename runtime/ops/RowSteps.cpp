// Filter/projection chains over deltas (see RowSteps.h).
#include "runtime/ops/RowSteps.h"

namespace popper::ops {

plan::PipelineStep filterStep(const BoundExpr& predicate, const Schema& schema) {
  plan::PipelineStep s;
  s.kind = plan::PipelineStep::Kind::Filter;
  s.predicate = predicate;
  s.schema = schema;
  return s;
}

plan::PipelineStep projectStep(const std::vector<BoundExpr>& exprs, const Schema& schema) {
  plan::PipelineStep s;
  s.kind = plan::PipelineStep::Kind::Project;
  s.exprs = exprs;
  s.schema = schema;
  return s;
}

RowSteps::RowSteps(const std::vector<plan::PipelineStep>& steps, const EvaluatorFactory& evaluators) {
  for (const plan::PipelineStep& ps : steps) {
    Step s;
    s.isFilter = ps.kind == plan::PipelineStep::Kind::Filter;
    s.schema = std::make_shared<const Schema>(ps.schema);
    s.name = ps.name;
    if (s.isFilter) {
      s.predicate = evaluators(ps.predicate);
    } else {
      for (const BoundExpr& e : ps.exprs) {
        bool bare = e.kind == BoundExpr::Kind::Column && e.input == 0;
        s.bareColumn.push_back(bare ? e.column : -1);
        s.exprs.push_back(bare ? nullptr : evaluators(e));
      }
    }
    steps_.push_back(std::move(s));
  }
}

Status RowSteps::rejectErrors(const Batch& rows, const std::string& rowset, OperatorContext& ctx) {
  for (const RowError& e : errors_.sortedByRow()) {
    ++ctx.counters().rejected;
    Status st = ctx.reject(rows.rowIds[e.row].position(), e.message, rowset);
    if (!st.isOk()) return st;
  }
  return Status::ok();
}

Result<Delta> RowSteps::apply(Delta&& in, OperatorContext& ctx) {
  Delta cur = std::move(in);
  setAllRows(selection_, cur.rows.size());
  bool identity = true;  // selection_ is every row of cur
  for (Step& step : steps_) {
    errors_.clear();
    EvalContext ectx{&cur.rows, nullptr, nullptr, nullptr};
    if (step.isFilter) {
      ectx.arena = &cur.rows.arena();
      step.predicate->filter(ectx, selection_, narrowed_, errors_);
      ctx.counters().filtered += selection_.size() - narrowed_.size() - errors_.size();
      if (narrowed_.size() != selection_.size()) identity = false;
      selection_.swap(narrowed_);
      Status st = rejectErrors(cur.rows, step.name, ctx);
      if (!st.isOk()) return st;
      continue;
    }
    const Batch& src = cur.rows;
    Delta next;
    next.rows = Batch(step.schema, src.hasLineage());
    next.rows.shareStringsOf(src);
    ectx.arena = &next.rows.arena();
    for (size_t c = 0; c < step.exprs.size(); ++c) {
      Column& col = next.rows.column(c);
      if (step.bareColumn[c] >= 0)
        col.appendGather(src.column(step.bareColumn[c]), selection_.data(), selection_.size());
      else
        step.exprs[c]->evaluate(ectx, selection_, col, errors_);
    }
    next.rows.rowIds.reserve(selection_.size());
    next.rows.weights.reserve(selection_.size());
    for (uint32_t r : selection_) {
      next.rows.rowIds.push_back(src.rowIds[r]);
      next.rows.weights.push_back(src.weights[r]);
    }
    if (src.hasLineage()) {
      for (uint32_t r : selection_) {
        auto [b, e] = src.parents(r);
        next.rows.lineageParents.insert(next.rows.lineageParents.end(), b, e);
        next.rows.lineageOffsets.push_back(static_cast<uint32_t>(next.rows.lineageParents.size()));
      }
    }
    if (!cur.keys.empty()) {
      next.keys.reserve(selection_.size());
      for (uint32_t r : selection_) next.keys.push_back(std::move(cur.keys[r]));
    }
    if (!errors_.empty()) {
      Status st = rejectErrors(src, step.name, ctx);
      if (!st.isOk()) return st;
      Selection keep;
      std::vector<OrderKey> keptKeys;
      for (size_t i = 0; i < selection_.size(); ++i) {
        if (errors_.hasFailed(selection_[i])) continue;
        keep.push_back(static_cast<uint32_t>(i));
        if (!next.keys.empty()) keptKeys.push_back(std::move(next.keys[i]));
      }
      next.rows.retain(keep);
      next.keys.swap(keptKeys);
    }
    cur = std::move(next);
    setAllRows(selection_, cur.rows.size());
    identity = true;
  }
  if (!identity) {
    cur.rows.retain(selection_);
    if (!cur.keys.empty()) {
      std::vector<OrderKey> kept;
      kept.reserve(selection_.size());
      for (uint32_t r : selection_) kept.push_back(std::move(cur.keys[r]));
      cur.keys.swap(kept);
    }
  }
  return cur;
}

}  // namespace popper::ops

// GROUP BY, blocking or pipelined (see AggregateOp.h).
#include "runtime/ops/AggregateOp.h"

#include <algorithm>

namespace popper::ops {
namespace {

std::vector<BoundExpr> argExprs(const plan::AggregateNode& agg) {
  std::vector<BoundExpr> out;
  for (const BoundAggregate& a : agg.aggregates) {
    if (a.func == AggFunc::CountStar) {
      BoundExpr zero;  // COUNT(*) reads no argument
      zero.kind = BoundExpr::Kind::Const;
      zero.type = Type::Int;
      zero.value = Literal{int64_t{0}};
      out.push_back(zero);
    } else {
      out.push_back(a.arg);
    }
  }
  return out;
}

std::vector<AggregateSpec> specs(const plan::AggregateNode& agg) {
  std::vector<AggregateSpec> out;
  for (const BoundAggregate& a : agg.aggregates)
    out.push_back({a.func, a.func == AggFunc::CountStar ? Type::Int : a.arg.type, a.type});
  return out;
}

}  // namespace

AggregateOp::AggregateOp(const plan::PlanNode& node, bool blocking, size_t batchRows,
                         const InputProgress* progress, bool insertOnly, const EvaluatorFactory& evaluators)
    : nodeId_(static_cast<uint64_t>(node.id)),
      schema_(std::make_shared<const Schema>(node.schema)),
      blocking_(blocking || progress != nullptr),
      batchRows_(batchRows),
      progress_(progress),
      lineage_(node.keepLineage && progress != nullptr),
      keys_(node.as<plan::AggregateNode>().keys, evaluators),
      args_(argExprs(node.as<plan::AggregateNode>()), evaluators),
      table_(keys_.schema(), specs(node.as<plan::AggregateNode>())),
      insertOnly_(insertOnly) {
  for (size_t i = 0; i < keys_.size(); ++i) keyCols_.push_back(static_cast<int>(i));
  if (insertOnly_) table_.setInsertOnly();
}

void AggregateOp::appendGroup(Delta& out, uint32_t g, Weight w) {
  table_.appendRow(g, out.rows);
  out.rows.addRowMeta(RowId::make(0, nodeId_, table_.hash(g)), w);
  out.keys.push_back(table_.orderKey(g));
  if (lineage_ && g < members_.size()) {
    std::vector<uint64_t> ids;
    for (const auto& [id, n] : members_[g])
      if (n > 0) ids.push_back(id);
    std::sort(ids.begin(), ids.end());
    for (uint64_t id : ids) out.rows.addParent(RowId{id});
  }
}

void AggregateOp::touch(uint32_t g) {
  if (!emitted_) return;
  if (isTouched_.size() <= g) isTouched_.resize(g + 1, 0);
  if (!isTouched_[g]) isTouched_[g] = 1, touched_.push_back(g);
}

Status AggregateOp::consume(int, Delta&& in, OperatorContext& ctx) {
  errors_.clear();
  Batch keyBatch = keys_.evaluate(in.rows, errors_);
  Batch argBatch = args_.evaluate(in.rows, errors_);
  Status st = rejectRowErrors(in.rows, errors_, ctx);
  if (!st.isOk()) return st;
  Selection all = allRows(in.rows.size());
  hashKeys(keyBatch, keyCols_, all, hashes_);

  Delta out;
  out.rows = Batch(schema_, lineage_);
  std::vector<uint32_t> touched;
  for (size_t r = 0; r < in.rows.size(); ++r) {
    if (errors_.hasFailed(static_cast<uint32_t>(r))) continue;
    if (insertOnly_ && in.rows.weights[r] < 0)
      return Status::internal("a retraction reached a GROUP BY the plan proved insert-only");
    if (!blocking_) {
      GroupTable::Applied probe = table_.apply(keyBatch, r, hashes_[r], argBatch, in.rows.weights[r]);
      if (!probe.error.empty()) {
        ++ctx.counters().rejected;
        st = ctx.reject(in.rows.rowIds[r].position(), probe.error);
        if (!st.isOk()) return st;
        continue;
      }
      if (probe.group) {
        uint32_t g = *probe.group;
        if (std::find(touched.begin(), touched.end(), g) == touched.end()) touched.push_back(g);
      }
      continue;
    }
    GroupTable::Applied applied = table_.apply(keyBatch, r, hashes_[r], argBatch, in.rows.weights[r]);
    if (!applied.error.empty()) {
      ++ctx.counters().rejected;
      st = ctx.reject(in.rows.rowIds[r].position(), applied.error);
      if (!st.isOk()) return st;
    }
    if (!applied.group || !progress_) continue;
    uint32_t g = *applied.group;
    touch(g);
    if (lineage_) {
      if (members_.size() <= g) members_.resize(g + 1);
      int& n = members_[g][in.rows.rowIds[r].value];
      n += in.rows.weights[r];
      if (n <= 0) members_[g].erase(in.rows.rowIds[r].value);
    }
  }
  if (blocking_) return Status::ok();
  // Pipelined: retract each changed group's previous row (kept in lastRows_,
  // since the table now holds the new state) and insert its new row.
  for (uint32_t g : touched) replaceGroup(out, g);
  ctx.emit(std::move(out));
  return Status::ok();
}

void AggregateOp::replaceGroup(Delta& out, uint32_t g) {
  if (auto it = lastRows_.find(g); it != lastRows_.end()) {
    out.rows.appendRows(it->second.rows, 0, 1, StringCopy::Share);
    out.rows.weights.back() = kRetract;
    out.keys.push_back(it->second.keys[0]);
    lastRows_.erase(it);
  }
  if (table_.live(g)) {
    Delta last;
    last.rows = Batch(schema_, lineage_);
    appendGroup(last, g, kInsert);
    out.rows.appendRows(last.rows, 0, 1, StringCopy::Share);
    out.keys.push_back(last.keys[0]);
    lastRows_.emplace(g, std::move(last));
  }
}

void AggregateOp::emitChanges(OperatorContext& ctx) {
  std::vector<std::pair<OrderKey, uint32_t>> order;
  if (!emitted_) {
    for (uint32_t g = 0; g < table_.size(); ++g)
      if (table_.live(g)) order.emplace_back(table_.orderKey(g), g);
  } else {
    for (uint32_t g : touched_) order.emplace_back(table_.orderKey(g), g);
    for (uint32_t g : touched_) isTouched_[g] = 0;
    touched_.clear();
  }
  std::sort(order.begin(), order.end());
  bool first = !emitted_;
  emitted_ = true;
  Delta out;
  out.rows = Batch(schema_, lineage_);
  for (const auto& [key, g] : order) {
    // Without waves nothing changes after the one emission: no row to keep.
    if (first && !progress_)
      appendGroup(out, g, kInsert);
    else
      replaceGroup(out, g);
    if (out.rows.size() >= batchRows_) {
      ctx.emit(std::move(out));
      out = Delta{};
      out.rows = Batch(schema_, lineage_);
    }
  }
  ctx.emit(std::move(out));
}

Status AggregateOp::flush(OperatorContext& ctx) {
  if (progress_ && progress_->complete.load()) emitChanges(ctx);
  return Status::ok();
}

Status AggregateOp::finish(OperatorContext& ctx) {
  if (blocking_) emitChanges(ctx);
  return Status::ok();
}

}  // namespace popper::ops

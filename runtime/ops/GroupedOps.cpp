// REDUCE and COMBINE with group recomputation (see GroupedOps.h).
#include "runtime/ops/GroupedOps.h"

#include <algorithm>

#include "runtime/data/OrderKey.h"
#include "runtime/data/Value.h"

namespace popper::ops {
namespace {

SchemaPtr shared(const Schema& s) { return std::make_shared<const Schema>(s); }

std::vector<BoundExpr> columnRefs(const Schema& input, const std::vector<int>& columns) {
  std::vector<BoundExpr> out;
  for (int c : columns) {
    BoundExpr e;
    e.kind = BoundExpr::Kind::Column;
    e.column = c;
    e.type = input[static_cast<size_t>(c)].type;
    out.push_back(e);
  }
  return out;
}

}  // namespace

RecomputingOp::RecomputingOp(const plan::PlanNode& node, const SchemaPtr& keySchema, SchemaPtr produce,
                             bool blocking, const InputProgress* progress)
    : groups_(keySchema),
      nodeId_(static_cast<uint64_t>(node.id)),
      schema_(shared(node.schema)),
      produce_(std::move(produce)),
      blocking_(blocking || progress != nullptr),
      progress_(progress),
      lineage_(node.keepLineage && progress != nullptr) {}

Status RecomputingOp::addRows(Delta&& in, ExprColumns& keys, MemberStore& store, OperatorContext& ctx) {
  if (in.keys.size() != in.rows.size()) return Status::internal("grouped operator input without order keys");
  RowErrors errors;
  Batch keyBatch = keys.evaluate(in.rows, errors);
  Status st = rejectRowErrors(in.rows, errors, ctx);
  if (!st.isOk()) return st;
  std::vector<int> cols;
  for (size_t i = 0; i < keys.size(); ++i) cols.push_back(static_cast<int>(i));
  hashKeys(keyBatch, cols, allRows(in.rows.size()), hashes_);
  for (size_t r = 0; r < in.rows.size(); ++r) {
    if (errors.hasFailed(static_cast<uint32_t>(r))) continue;
    uint32_t g = groups_.findOrAdd(keyBatch, r, hashes_[r]);
    if (store.apply(in.rows, r, in.keys[r], in.rows.weights[r], g) && touchedSet_.insert(g).second)
      touched_.push_back(g);
  }
  return blocking_ ? Status::ok() : recomputeTouched(ctx);
}

Status RecomputingOp::recomputeTouched(OperatorContext& ctx) {
  std::vector<uint32_t> touched;
  touched.swap(touched_);
  touchedSet_.clear();
  for (uint32_t g : touched) {
    Status st = recompute(g, ctx);
    if (!st.isOk()) return st;
  }
  return Status::ok();
}

Status RecomputingOp::recompute(uint32_t g, OperatorContext& ctx) {
  Delta out;
  out.rows = Batch(schema_, lineage_);
  if (auto it = previous_.find(g); it != previous_.end()) {
    out.rows.appendRows(it->second.rows, 0, it->second.rows.size(), StringCopy::Share);
    std::fill(out.rows.weights.begin(), out.rows.weights.end(), kRetract);
    out.keys = it->second.keys;
    previous_.erase(it);
  }
  Batch produced(produce_);
  Status st = computeGroup(g, produced);
  if (!st.isOk()) return st;
  Delta now;
  now.rows = Batch(schema_, lineage_);
  now.rows.shareStringsOf(produced);
  size_t n = produced.numColumns() > 0 ? produced.column(0).size() : 0;
  for (size_t c = 0; c < produced.numColumns(); ++c) now.rows.column(c) = std::move(produced.column(c));
  OrderKey groupKey = groups_.orderKey(g);
  std::vector<RowId> members;
  if (lineage_ && n > 0) {
    groupMembers(g, members);
    std::sort(members.begin(), members.end(), [](RowId a, RowId b) { return a.value < b.value; });
  }
  for (size_t k = 0; k < n; ++k) {
    now.rows.addRowMeta(RowId::make(0, nodeId_, combineHash(groups_.hash(g), k)), kInsert);
    for (RowId m : members) now.rows.addParent(m);
    now.keys.push_back(groupKey);
    appendIndexKey(now.keys.back(), static_cast<uint32_t>(k));
  }
  out.rows.appendRows(now.rows, 0, n, StringCopy::Share);
  out.keys.insert(out.keys.end(), now.keys.begin(), now.keys.end());
  if ((!blocking_ || progress_) && n > 0) previous_.emplace(g, std::move(now));
  ctx.emit(std::move(out));
  return Status::ok();
}

Status RecomputingOp::emitChanges(OperatorContext& ctx) {
  std::vector<std::pair<OrderKey, uint32_t>> order;
  if (!emitted_) {
    for (uint32_t g = 0; g < groups_.size(); ++g) order.emplace_back(groups_.orderKey(g), g);
  } else {
    for (uint32_t g : touched_) order.emplace_back(groups_.orderKey(g), g);
  }
  touched_.clear();
  touchedSet_.clear();
  emitted_ = true;
  std::sort(order.begin(), order.end());
  for (const auto& [key, g] : order) {
    Status st = recompute(g, ctx);
    if (!st.isOk()) return st;
  }
  return Status::ok();
}

Status RecomputingOp::flush(OperatorContext& ctx) {
  if (progress_ && progress_->complete.load()) return emitChanges(ctx);
  return Status::ok();
}

Status RecomputingOp::finish(OperatorContext& ctx) {
  if (!blocking_) return Status::ok();
  return emitChanges(ctx);
}

// ---------------------------------------------------------------- REDUCE

ReduceOp::ReduceOp(const plan::PlanNode& node, const plan::Dataflow& flow, const std::vector<BoundExpr>& keys,
                   bool blocking, const InputProgress* progress, const EvaluatorFactory& evaluators)
    : RecomputingOp(node, ExprColumns(keys).schema(), shared(node.as<plan::ReduceNode>().produce), blocking,
                    progress),
      keys_(keys, evaluators),
      rows_(shared(flow.node(node.inputs[0]).schema)) {}

Result<std::unique_ptr<ReduceOp>> ReduceOp::create(const plan::PlanNode& node, const plan::Dataflow& flow,
                                                   const catalog::OperatorCatalog& catalog, bool blocking,
                                                   const InputProgress* progress,
                                                   const EvaluatorFactory& evaluators) {
  const auto& reduce = node.as<plan::ReduceNode>();
  const Schema& input = flow.node(node.inputs[0]).schema;
  std::unique_ptr<ReduceOp> op(
      new ReduceOp(node, flow, columnRefs(input, reduce.keyColumns), blocking, progress, evaluators));
  catalog::OperatorSetup setup;
  setup.call = &reduce.reducer;
  setup.input = &input;
  setup.produce = &reduce.produce;
  auto reducer = catalog.makeReducer(setup);
  if (!reducer) return reducer.status();
  op->reducer_ = std::move(reducer.value());
  return op;
}

Status ReduceOp::consume(int, Delta&& in, OperatorContext& ctx) {
  return addRows(std::move(in), keys_, rows_, ctx);
}

void ReduceOp::groupMembers(uint32_t g, std::vector<RowId>& out) const {
  for (uint32_t r : rows_.liveRows(g)) out.push_back(rows_.rows().rowIds[r]);
}

Status ReduceOp::computeGroup(uint32_t g, Batch& produced) {
  Selection live = rows_.liveRows(g);
  if (live.empty()) return Status::ok();
  return reducer_->reduce(rows_.rows(), live, produced);
}

// ---------------------------------------------------------------- COMBINE

CombineOp::CombineOp(const plan::PlanNode& node, const plan::Dataflow& flow, bool blocking,
                     const InputProgress* progress, const EvaluatorFactory& evaluators)
    : RecomputingOp(node, ExprColumns(node.as<plan::CombineNode>().leftKeys).schema(),
                    shared(node.as<plan::CombineNode>().produce), blocking, progress),
      keys_{ExprColumns(node.as<plan::CombineNode>().leftKeys, evaluators),
            ExprColumns(node.as<plan::CombineNode>().rightKeys, evaluators)},
      rows_{MemberStore(shared(flow.node(node.inputs[0]).schema)),
            MemberStore(shared(flow.node(node.inputs[1]).schema))} {}

Result<std::unique_ptr<CombineOp>> CombineOp::create(const plan::PlanNode& node, const plan::Dataflow& flow,
                                                     const catalog::OperatorCatalog& catalog, bool blocking,
                                                     const InputProgress* progress,
                                                     const EvaluatorFactory& evaluators) {
  const auto& combine = node.as<plan::CombineNode>();
  std::unique_ptr<CombineOp> op(new CombineOp(node, flow, blocking, progress, evaluators));
  catalog::OperatorSetup setup;
  setup.call = &combine.combiner;
  setup.input = &flow.node(node.inputs[0]).schema;
  setup.right = &flow.node(node.inputs[1]).schema;
  setup.produce = &combine.produce;
  auto combiner = catalog.makeCombiner(setup);
  if (!combiner) return combiner.status();
  op->combiner_ = std::move(combiner.value());
  return op;
}

Status CombineOp::consume(int port, Delta&& in, OperatorContext& ctx) {
  return addRows(std::move(in), keys_[port], rows_[port], ctx);
}

void CombineOp::groupMembers(uint32_t g, std::vector<RowId>& out) const {
  for (const MemberStore& side : rows_)
    for (uint32_t r : side.liveRows(g)) out.push_back(side.rows().rowIds[r]);
}

Status CombineOp::computeGroup(uint32_t g, Batch& produced) {
  Selection left = rows_[0].liveRows(g), right = rows_[1].liveRows(g);
  if (left.empty() || right.empty()) return Status::ok();
  return combiner_->combine(rows_[0].rows(), left, rows_[1].rows(), right, produced);
}

}  // namespace popper::ops

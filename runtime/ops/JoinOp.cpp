// Incremental symmetric hash join (see JoinOp.h).
#include "runtime/ops/JoinOp.h"

#include "runtime/data/Value.h"

namespace popper::ops {
namespace {

SchemaPtr schemaOf(const plan::Dataflow& flow, plan::NodeId id) { return std::make_shared<const Schema>(flow.node(id).schema); }

}  // namespace

JoinOp::JoinOp(const plan::PlanNode& node, const plan::Dataflow& flow, size_t batchRows)
    : nodeId_(static_cast<uint64_t>(node.id)),
      schema_(std::make_shared<const Schema>(node.schema)),
      lineage_(node.keepLineage),
      batchRows_(batchRows),
      leftWidth_(flow.node(node.inputs[0]).schema.size()),
      keys_{ExprColumns(node.as<plan::JoinNode>().leftKeys), ExprColumns(node.as<plan::JoinNode>().rightKeys)},
      state_(schemaOf(flow, node.inputs[0]), schemaOf(flow, node.inputs[1]), keys_[0].schema()) {}

Status JoinOp::consume(int port, Delta&& in, OperatorContext& ctx) {
  errors_.clear();
  Batch keyBatch = keys_[port].evaluate(in.rows, errors_);
  Status st = rejectRowErrors(in.rows, errors_, ctx);
  if (!st.isOk()) return st;
  if (in.keys.size() != in.rows.size()) return Status::internal("join input without order keys");
  std::vector<int> cols;
  for (size_t i = 0; i < keyBatch.numColumns(); ++i) cols.push_back(static_cast<int>(i));
  Selection all = allRows(in.rows.size());
  hashKeys(keyBatch, cols, all, hashes_);
  const Batch& other = state_.stored(1 - port);
  const Batch& left = port == 0 ? in.rows : other;
  const Batch& right = port == 0 ? other : in.rows;
  for (size_t r = 0; r < in.rows.size(); ++r) {
    if (errors_.hasFailed(static_cast<uint32_t>(r))) continue;
    Weight w = in.rows.weights[r];
    if (!state_.apply(port, in.rows, r, keyBatch, r, hashes_[r], in.keys[r], w, matches_)) continue;
    for (const JoinState::Match& m : matches_) {
      for (int64_t c = 0; c < m.copies; ++c) {
        leftRows_.push_back(port == 0 ? static_cast<uint32_t>(r) : m.row);
        rightRows_.push_back(port == 0 ? m.row : static_cast<uint32_t>(r));
        weights_.push_back(w);
        const OrderKey& mine = in.keys[r];
        const OrderKey& theirs = state_.storedKey(1 - port, m.row);
        outKeys_.push_back(port == 0 ? mine + theirs : theirs + mine);
      }
    }
    if (leftRows_.size() >= batchRows_) flush(ctx, left, right);
  }
  flush(ctx, left, right);
  return Status::ok();
}

// `other` (the stored side) may have grown during the loop, which is fine:
// stored rows are never moved, only appended.
void JoinOp::flush(OperatorContext& ctx, const Batch& left, const Batch& right) {
  if (leftRows_.empty()) return;
  Delta out;
  out.rows = Batch(schema_, lineage_);
  out.rows.shareStringsOf(left);
  out.rows.shareStringsOf(right);
  size_t n = leftRows_.size();
  for (size_t c = 0; c < leftWidth_; ++c) out.rows.column(c).appendGather(left.column(c), leftRows_.data(), n);
  for (size_t c = 0; c < right.numColumns(); ++c)
    out.rows.column(leftWidth_ + c).appendGather(right.column(c), rightRows_.data(), n);
  for (size_t i = 0; i < n; ++i) {
    RowId l = left.rowIds[leftRows_[i]], r = right.rowIds[rightRows_[i]];
    RowId id = RowId::make(l.position(), nodeId_, combineHash(l.value, r.value));
    out.rows.addRowMeta(id, weights_[i]);
    if (lineage_) {
      out.rows.addParent(l);
      out.rows.addParent(r);
    }
  }
  out.keys = std::move(outKeys_);
  outKeys_.clear();
  leftRows_.clear();
  rightRows_.clear();
  weights_.clear();
  ctx.emit(std::move(out));
}

}  // namespace popper::ops

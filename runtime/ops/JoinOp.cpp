// Equi-join in symmetric or build/probe mode (see JoinOp.h).
#include "runtime/ops/JoinOp.h"

#include "runtime/correction/CorrectionLog.h"
#include "runtime/data/Value.h"

namespace popper::ops {
namespace {

SchemaPtr schemaOf(const plan::Dataflow& flow, plan::NodeId id) {
  return std::make_shared<const Schema>(flow.node(id).schema);
}

// A spine join may end a delta after left row r: between anchors, and not
// before a replacement, which must reach the gate with the retraction it
// came with (a correction's rows travel together: HandleOp.h).
bool canEndDelta(const Batch& rows, size_t r) {
  if (r + 1 == rows.size()) return true;
  RowId next = rows.firstParentOrSelf(r + 1);
  return next != rows.firstParentOrSelf(r) && !(rows.weights[r + 1] > 0 && correction::isInjected(next));
}

std::vector<int> allColumns(size_t n) {
  std::vector<int> cols;
  for (size_t i = 0; i < n; ++i) cols.push_back(static_cast<int>(i));
  return cols;
}

}  // namespace

JoinOp::JoinOp(const plan::PlanNode& node, const plan::Dataflow& flow, const Settings& settings,
               const EvaluatorFactory& evaluators)
    : nodeId_(static_cast<uint64_t>(node.id)),
      schema_(std::make_shared<const Schema>(node.schema)),
      lineage_(node.keepLineage || settings.anchor),
      batchRows_(settings.batchRows),
      leftWidth_(flow.node(node.inputs[0]).schema.size()),
      keys_{ExprColumns(node.as<plan::JoinNode>().leftKeys, evaluators),
            ExprColumns(node.as<plan::JoinNode>().rightKeys, evaluators)},
      state_(schemaOf(flow, node.inputs[0]), schemaOf(flow, node.inputs[1]), keys_[0].schema()),
      buildProbe_(settings.buildProbe),
      anchor_(settings.anchor) {}

void JoinOp::addPair(uint32_t left, uint32_t right, Weight w, const OrderKey* leftKey,
                     const OrderKey* rightKey) {
  leftRows_.push_back(left);
  rightRows_.push_back(right);
  weights_.push_back(w);
  if (leftKey && rightKey) outKeys_.push_back(*leftKey + *rightKey);
}

Status JoinOp::consume(int port, Delta&& in, OperatorContext& ctx) {
  if (buildProbe_) {
    if (port == 1) return buildRight(std::move(in), ctx);
    if (!rightEnded_) {
      waiting_.push_back(std::move(in));
      return Status::ok();
    }
    return probeLeft(std::move(in), ctx);
  }

  errors_.clear();
  Batch keyBatch = keys_[port].evaluate(in.rows, errors_);
  Status st = rejectRowErrors(in.rows, errors_, ctx);
  if (!st.isOk()) return st;
  if (in.keys.size() != in.rows.size()) return Status::internal("join input without order keys");
  hashKeys(keyBatch, allColumns(keyBatch.numColumns()), allRows(in.rows.size()), hashes_);
  const Batch& other = state_.stored(1 - port);
  const Batch& left = port == 0 ? in.rows : other;
  const Batch& right = port == 0 ? other : in.rows;
  for (size_t r = 0; r < in.rows.size(); ++r) {
    if (errors_.hasFailed(static_cast<uint32_t>(r))) continue;
    Weight w = in.rows.weights[r];
    if (!state_.apply(port, in.rows, r, keyBatch, r, hashes_[r], in.keys[r], w, matches_)) continue;
    for (const JoinState::Match& m : matches_) {
      const OrderKey& mine = in.keys[r];
      const OrderKey& theirs = state_.storedKey(1 - port, m.row);
      for (int64_t c = 0; c < m.copies; ++c) {
        if (port == 0)
          addPair(static_cast<uint32_t>(r), m.row, w, &mine, &theirs);
        else
          addPair(m.row, static_cast<uint32_t>(r), w, &theirs, &mine);
      }
    }
    if (leftRows_.size() >= batchRows_) emitPending(ctx, left, right);
  }
  emitPending(ctx, left, right);
  return Status::ok();
}

Status JoinOp::buildRight(Delta&& in, OperatorContext& ctx) {
  errors_.clear();
  Batch keyBatch = keys_[1].evaluate(in.rows, errors_);
  Status st = rejectRowErrors(in.rows, errors_, ctx);
  if (!st.isOk()) return st;
  hashKeys(keyBatch, allColumns(keyBatch.numColumns()), allRows(in.rows.size()), hashes_);
  bool keys = in.keys.size() == in.rows.size() && !in.rows.empty();
  for (size_t r = 0; r < in.rows.size(); ++r) {
    if (errors_.hasFailed(static_cast<uint32_t>(r))) continue;
    state_.insertOnly(1, in.rows, r, keyBatch, r, hashes_[r], keys ? &in.keys[r] : nullptr);
  }
  return Status::ok();
}

Status JoinOp::probeLeft(Delta&& in, OperatorContext& ctx) {
  errors_.clear();
  Batch keyBatch = keys_[0].evaluate(in.rows, errors_);
  Status st = rejectRowErrors(in.rows, errors_, ctx);
  if (!st.isOk()) return st;
  hashKeys(keyBatch, allColumns(keyBatch.numColumns()), allRows(in.rows.size()), hashes_);
  bool keys = in.keys.size() == in.rows.size() && state_.hasStoredKeys(1);
  const Batch& right = state_.stored(1);
  for (size_t r = 0; r < in.rows.size(); ++r) {
    if (errors_.hasFailed(static_cast<uint32_t>(r))) continue;
    state_.probe(1, keyBatch, r, hashes_[r], matches_);
    for (const JoinState::Match& m : matches_)
      addPair(static_cast<uint32_t>(r), m.row, in.rows.weights[r], keys ? &in.keys[r] : nullptr,
              keys ? &state_.storedKey(1, m.row) : nullptr);
    if (leftRows_.size() >= batchRows_ && (!anchor_ || canEndDelta(in.rows, r)))
      emitPending(ctx, in.rows, right);
  }
  emitPending(ctx, in.rows, right);
  return Status::ok();
}

Status JoinOp::inputEnded(int port, OperatorContext& ctx) {
  if (!buildProbe_ || port != 1) return Status::ok();
  rightEnded_ = true;
  std::vector<Delta> waiting;
  waiting.swap(waiting_);
  for (Delta& d : waiting) {
    Status st = probeLeft(std::move(d), ctx);
    if (!st.isOk()) return st;
  }
  return Status::ok();
}

Status JoinOp::finish(OperatorContext&) {
  // Build/probe: left rows still waiting would be lost silently.
  if (!waiting_.empty()) return Status::internal("join finished before its right input ended");
  return Status::ok();
}

// The stored side may have grown while pairs were collected, which is fine:
// stored rows are only ever appended, never moved.
void JoinOp::emitPending(OperatorContext& ctx, const Batch& left, const Batch& right) {
  if (leftRows_.empty()) return;
  Delta out;
  out.rows = Batch(schema_, lineage_);
  out.rows.shareStringsOf(left);
  out.rows.shareStringsOf(right);
  size_t n = leftRows_.size();
  for (size_t c = 0; c < leftWidth_; ++c)
    out.rows.column(c).appendGather(left.column(c), leftRows_.data(), n);
  for (size_t c = 0; c < right.numColumns(); ++c)
    out.rows.column(leftWidth_ + c).appendGather(right.column(c), rightRows_.data(), n);
  for (size_t i = 0; i < n; ++i) {
    RowId l = left.rowIds[leftRows_[i]], r = right.rowIds[rightRows_[i]];
    RowId id = RowId::make(l.position(), nodeId_, combineHash(l.value, r.value));
    out.rows.addRowMeta(id, weights_[i]);
    if (anchor_) {
      out.rows.addParent(left.firstParentOrSelf(leftRows_[i]));
    } else if (lineage_) {
      out.rows.addParent(l);
      out.rows.addParent(r);
    }
  }
  if (outKeys_.size() == n) out.keys = std::move(outKeys_);
  outKeys_.clear();
  leftRows_.clear();
  rightRows_.clear();
  weights_.clear();
  ctx.emit(std::move(out));
}

}  // namespace popper::ops

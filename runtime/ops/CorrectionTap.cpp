// Lineage recording and correction overrides on a node's output (see CorrectionTap.h).
#include "runtime/ops/CorrectionTap.h"

#include "runtime/data/OrderKey.h"

namespace popper::ops {

using correction::AppliedCorrection;
using correction::CorrectionLog;
using correction::isInjected;

CorrectionTap::CorrectionTap(std::unique_ptr<ops::PhysicalOperator> inner, plan::NodeId node, bool isTarget,
                             bool withKeys, CorrectionLog& log, bool storeRows)
    : WrappingOperator(std::move(inner)),
      node_(node),
      isTarget_(isTarget),
      withKeys_(withKeys),
      log_(log),
      storeRows_(storeRows) {}

Status CorrectionTap::flush(ops::OperatorContext& ctx) {
  if (isTarget_) inject(ctx);
  return WrappingOperator::flush(ctx);
}

template <typename Step>
auto CorrectionTap::injectingAlong(ops::OperatorContext& ctx, Step step) {
  injectNext_ = isTarget_ && log_.streaming();
  auto result = step();
  if (injectNext_) inject(ctx);  // the operator emitted nothing: on their own
  injectNext_ = false;
  return result;
}

Result<bool> CorrectionTap::produce(ops::OperatorContext& ctx) {
  return injectingAlong(ctx, [&] { return WrappingOperator::produce(ctx); });
}

Status CorrectionTap::consume(int port, Delta&& in, ops::OperatorContext& ctx) {
  return injectingAlong(ctx, [&] { return WrappingOperator::consume(port, std::move(in), ctx); });
}

void CorrectionTap::onEmit(Delta&& delta, ops::OperatorContext& outer) {
  if (injectNext_) {
    // Streaming: the corrections ride along with this delta (rewrite()
    // records them and gives their keys the suffix), not in one of their own.
    injectNext_ = false;
    std::vector<AppliedCorrection> todo = log_.takeInjections(node_);
    std::vector<OrderKey> bases;
    bool withKeys = !delta.keys.empty() || (delta.rows.empty() && withKeys_);
    if (!todo.empty()) log_.appendInjections(node_, todo, delta.rows, withKeys ? &bases : nullptr);
    for (OrderKey& key : bases) delta.keys.push_back(std::move(key));
    appendBatches(delta, withKeys);
  }
  outer.emit(rewrite(std::move(delta)));
}

namespace {

// The order key of a target's row: its base key, then the injection's
// derivation (0 for the node's own rows).
void appendTapSuffix(OrderKey& key, RowId id) {
  appendIndexKey(key, isInjected(id) ? static_cast<uint32_t>(id.derivation()) : 0);
}

OrderKey tapKey(const OrderKey& base, RowId id) {
  OrderKey k = base;
  appendTapSuffix(k, id);
  return k;
}

}  // namespace

void CorrectionTap::appendBatches(Delta& delta, bool withKeys) {
  for (Delta& batch : log_.takeInjectionBatches(node_)) {
    if (!delta.rows.schemaPtr()) delta.rows = Batch(batch.rows.schemaPtr(), false);
    delta.rows.appendRows(batch.rows, 0, batch.rows.size(), StringCopy::Share);
    if (!withKeys) continue;
    for (size_t r = 0; r < batch.rows.size(); ++r)
      delta.keys.push_back(r < batch.keys.size() ? std::move(batch.keys[r]) : OrderKey{});
  }
}

void CorrectionTap::inject(ops::OperatorContext& ctx) {
  std::vector<AppliedCorrection> todo = log_.takeInjections(node_);
  Delta out;
  std::vector<OrderKey> bases;
  if (!todo.empty()) log_.appendInjections(node_, todo, out.rows, withKeys_ ? &bases : nullptr);
  for (size_t r = 0; r < bases.size(); ++r) out.keys.push_back(tapKey(bases[r], out.rows.rowIds[r]));
  // (Streamed batches carry base keys: the suffix as in rewrite().)
  size_t before = out.keys.size();
  appendBatches(out, withKeys_);
  for (size_t r = before; r < out.keys.size(); ++r) appendTapSuffix(out.keys[r], out.rows.rowIds[r]);
  if (out.rows.empty()) return;
  log_.recordRows(node_, out, withKeys_);
  ctx.emit(std::move(out));
}

Delta CorrectionTap::rewrite(Delta&& in) {
  log_.recordParents(in.rows);
  if (!isTarget_) {
    if (storeRows_) log_.recordRows(node_, in, !in.keys.empty(), false);
    return std::move(in);
  }

  const Batch& src = in.rows;
  bool withKeys = !in.keys.empty();
  // Fast path: no row of the delta is overridden (the common case), so the
  // delta goes on as it is, with the keys' suffix for the node's own rows.
  bool overridden = false;
  if (const auto* overrides = log_.overridesOf(node_)) {
    // Ids past every overridden one (a new epoch's rows) need no lookup.
    uint64_t most = log_.maxOverridden(node_);
    for (size_t r = 0; r < src.size() && !overridden; ++r)
      overridden = src.rowIds[r].value <= most && overrides->count(src.rowIds[r].value) > 0;
  }
  if (!overridden) {
    for (size_t r = 0; r < in.keys.size(); ++r) appendTapSuffix(in.keys[r], src.rowIds[r]);
    log_.recordRows(node_, in, withKeys);
    return std::move(in);
  }
  Delta out;
  out.rows = Batch(src.schemaPtr(), src.hasLineage());
  // Emits row `row` of `from` as `id` with weight `w`, then what overrides
  // it: a retraction of an edited row retracts its replacements instead.
  auto emitRow = [&](auto& self, const Batch& from, size_t row, RowId id, Weight w, const OrderKey& base,
                     int depth) -> void {
    const CorrectionLog::Override* o = log_.overrideFor(node_, id);
    if (!o || !o->retract) {
      out.rows.appendRows(from, row, row + 1);
      out.rows.rowIds.back() = id;
      out.rows.weights.back() = w;
      if (withKeys) out.keys.push_back(tapKey(base, id));
    }
    if (!o || depth > 64) return;
    for (const auto& inj : o->inserts) self(self, *inj.row, 0, inj.id, w, base, depth + 1);
  };
  for (size_t r = 0; r < src.size(); ++r)
    emitRow(emitRow, src, r, src.rowIds[r], src.weights[r], withKeys ? in.keys[r] : OrderKey{}, 0);
  log_.recordRows(node_, out, withKeys);
  return out;
}

}  // namespace popper::ops

// Lineage recording and correction overrides on a node's output (see CorrectionTap.h).
#include "runtime/exec/CorrectionTap.h"

#include "runtime/ops/OrderKey.h"

namespace popper::exec {

class CorrectionTap::Context : public ops::OperatorContext {
 public:
  Context(CorrectionTap& tap, ops::OperatorContext& outer) : tap_(tap), outer_(outer) {}
  void emit(ops::Delta&& delta) override { outer_.emit(tap_.rewrite(std::move(delta))); }
  Status reject(uint64_t line, std::string reason, const std::string& rowset) override {
    return outer_.reject(line, std::move(reason), rowset);
  }
  ops::NodeCounters& counters() override { return outer_.counters(); }

 private:
  CorrectionTap& tap_;
  ops::OperatorContext& outer_;
};

CorrectionTap::CorrectionTap(std::unique_ptr<ops::PhysicalOperator> inner, plan::NodeId node, bool isTarget,
                             CorrectionLog& log)
    : inner_(std::move(inner)), node_(node), isTarget_(isTarget), log_(log) {}

Result<bool> CorrectionTap::produce(ops::OperatorContext& ctx) {
  Context c(*this, ctx);
  return inner_->produce(c);
}

Status CorrectionTap::consume(int port, ops::Delta&& in, ops::OperatorContext& ctx) {
  Context c(*this, ctx);
  return inner_->consume(port, std::move(in), c);
}

Status CorrectionTap::inputEnded(int port, ops::OperatorContext& ctx) {
  Context c(*this, ctx);
  return inner_->inputEnded(port, c);
}

Status CorrectionTap::finish(ops::OperatorContext& ctx) {
  Context c(*this, ctx);
  return inner_->finish(c);
}

ops::Delta CorrectionTap::rewrite(ops::Delta&& in) {
  const Batch& src = in.rows;
  for (size_t r = 0; r < src.size(); ++r) {
    auto [b, e] = src.parents(r);
    if (b == e) continue;
    if (e - b == 1 && *b == src.rowIds[r]) continue;
    log_.storeParents(src.rowIds[r], std::vector<RowId>(b, e));
  }
  if (!isTarget_) return std::move(in);

  bool withKeys = !in.keys.empty();
  ops::Delta out;
  out.rows = Batch(src.schemaPtr(), src.hasLineage());
  auto hold = [&](const Batch& from, size_t row, RowId id, const ops::OrderKey& base) {
    HeldRow h{Batch(from.schemaPtr()), base};
    h.row.appendRows(from, row, row + 1, StringCopy::Deep);
    h.row.rowIds[0] = id;
    h.row.weights[0] = kInsert;
    log_.storeRow(node_, id, std::move(h));
  };
  // Emits row `row` of `from` as `id` with weight `w`, then what overrides it.
  auto emitRow = [&](auto& self, const Batch& from, size_t row, RowId id, Weight w, const ops::OrderKey& base,
                     uint32_t suffix, int depth) -> void {
    const CorrectionLog::Override* o = log_.overrideFor(node_, id);
    if (!o || !o->retract) {
      out.rows.appendRows(from, row, row + 1);
      out.rows.rowIds.back() = id;
      out.rows.weights.back() = w;
      if (withKeys) {
        ops::OrderKey k = base;
        ops::appendIndexKey(k, suffix);
        out.keys.push_back(std::move(k));
      }
      if (w > 0) hold(from, row, id, base);
    }
    if (!o || depth > 64) return;
    for (const auto& inj : o->inserts)
      self(self, *inj.row, 0, inj.id, w, base, static_cast<uint32_t>(inj.id.derivation()), depth + 1);
  };
  for (size_t r = 0; r < src.size(); ++r)
    emitRow(emitRow, src, r, src.rowIds[r], src.weights[r], withKeys ? in.keys[r] : ops::OrderKey{}, 0, 0);
  return out;
}

}  // namespace popper::exec

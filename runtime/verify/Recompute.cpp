// A fresh operator run once over live input rows (see Recompute.h).
#include "runtime/verify/Recompute.h"

#include <algorithm>

#include "runtime/exec/OperatorFactory.h"

namespace popper::verify {
namespace {

// Collects what the operator emits; row errors are not the verifier's to
// report (the run already did), so they are only counted.
class CollectingContext : public ops::OperatorContext {
 public:
  void emit(Delta&& delta) override { record.add(delta); }
  Status reject(uint64_t, std::string, const std::string&) override { return Status::ok(); }
  ops::NodeCounters& counters() override { return counters_; }

  ChangeRecord record;

 private:
  ops::NodeCounters counters_;
};

// The live rows of one input as deltas of at most `batchRows` rows, weight +1
// per live copy. Rows whose net weight is negative are not live.
std::vector<Delta> asDeltas(const LiveRows& live, size_t batchRows) {
  std::vector<Delta> out;
  if (!live.rows.schemaPtr()) return out;
  bool withKeys =
      std::any_of(live.keys.begin(), live.keys.end(), [](const OrderKey& k) { return !k.empty(); });
  Delta cur;
  for (size_t r = 0; r < live.size(); ++r) {
    for (int64_t c = 0; c < live.copies[r]; ++c) {
      if (cur.rows.size() == 0) cur.rows = Batch(live.rows.schemaPtr());
      cur.rows.appendRows(live.rows, r, r + 1);
      cur.rows.weights.back() = kInsert;
      if (withKeys) cur.keys.push_back(live.keys[r]);
      if (cur.rows.size() >= batchRows) out.push_back(std::move(cur)), cur = Delta{};
    }
  }
  if (cur.rows.size() > 0) out.push_back(std::move(cur));
  return out;
}

}  // namespace

Result<LiveRows> recompute(const plan::PhysicalPlan& plan, const plan::PhysicalDecisions& analysis,
                           plan::NodeId node, const exec::RunOptions& options,
                           const catalog::OperatorCatalog& catalog,
                           const std::vector<const LiveRows*>& inputs) {
  const plan::PlanNode& n = plan.dataflow.node(node);
  plan::PhysicalDecisions plain = analysis;
  auto i = static_cast<size_t>(node);
  if (n.is<plan::AggregateNode>() || n.is<plan::ReduceNode>() || n.is<plan::CombineNode>())
    plain.blockingInput[i] = true;
  auto created = exec::createOperator(plan, plain, node, options, catalog, nullptr);
  if (!created) return created.status();
  ops::PhysicalOperator& op = *created.value();
  CollectingContext ctx;
  if (op.isSource()) {
    while (true) {
      Result<bool> more = op.produce(ctx);
      if (!more) return more.status();
      if (!more.value()) break;
    }
  } else {
    std::vector<int> ports;
    for (size_t p = 0; p < inputs.size(); ++p) ports.push_back(static_cast<int>(p));
    if (n.is<plan::JoinNode>() && plain.buildProbe[i]) std::reverse(ports.begin(), ports.end());
    for (int port : ports) {
      for (Delta& d : asDeltas(*inputs[static_cast<size_t>(port)], options.batchSize)) {
        Status st = op.consume(port, std::move(d), ctx);
        if (!st.isOk()) return st;
      }
      Status st = op.inputEnded(port, ctx);
      if (!st.isOk()) return st;
    }
  }
  Status st = op.finish(ctx);
  if (!st.isOk()) return st;
  op.abort();
  return netLive(ctx.record);
}

}  // namespace popper::verify

// Recording every node's output during a run and checking it afterwards (see VerifyLog.h).
#include "runtime/verify/VerifyLog.h"

#include "runtime/ops/WrappingOperator.h"
#include "runtime/verify/LiveRows.h"
#include "runtime/verify/NodeChecks.h"
#include "runtime/verify/Recompute.h"

namespace popper::verify {

using verify::ChangeRecord;
using verify::LiveRows;

namespace {

// Sits outermost on a node's operator and copies everything it emits into
// the node's record. A node runs one call at a time, so its record needs no lock.
class RecordingOp : public ops::WrappingOperator {
 public:
  RecordingOp(std::unique_ptr<ops::PhysicalOperator> inner, ChangeRecord& record)
      : WrappingOperator(std::move(inner)), record_(record) {}

 protected:
  void onEmit(Delta&& delta, ops::OperatorContext& outer) override {
    record_.add(delta);
    outer.emit(std::move(delta));
  }

 private:
  ChangeRecord& record_;
};

}  // namespace

struct VerifyLog::State {
  const plan::PhysicalPlan& plan;
  std::vector<ChangeRecord> records;  // per node
  std::vector<uint8_t> wrapped;       // per node
};

VerifyLog::VerifyLog(const plan::PhysicalPlan& plan)
    : state_(new State{plan, std::vector<ChangeRecord>(plan.dataflow.size()),
                       std::vector<uint8_t>(plan.dataflow.size(), 0)}) {}

VerifyLog::~VerifyLog() = default;

std::unique_ptr<ops::PhysicalOperator> VerifyLog::wrap(plan::NodeId node,
                                                       std::unique_ptr<ops::PhysicalOperator> op) {
  if (state_->plan.dataflow.node(node).is<plan::OutputNode>()) return op;
  auto i = static_cast<size_t>(node);
  state_->wrapped[i] = 1;
  return std::make_unique<RecordingOp>(std::move(op), state_->records[i]);
}

Status VerifyLog::check(const VerifyContext& ctx) {
  const plan::PhysicalPlan& plan = state_->plan;
  const plan::Dataflow& flow = plan.dataflow;
  std::vector<LiveRows> live(flow.size());
  for (size_t i = 0; i < flow.size(); ++i)
    if (state_->wrapped[i]) live[i] = verify::netLive(state_->records[i]);
  std::vector<bool> targets = flow.backEdgeTargets();

  verify::Differences diffs(flow, kMaxReportedDifferences);
  nodesChecked_ = 0;
  for (const plan::PlanNode& node : flow.nodes) {
    auto i = static_cast<size_t>(node.id);
    bool inputsRecorded = true;
    std::vector<const LiveRows*> inputs;
    for (plan::NodeId in : node.inputs) {
      inputsRecorded = inputsRecorded && state_->wrapped[static_cast<size_t>(in)];
      inputs.push_back(&live[static_cast<size_t>(in)]);
    }
    if (!inputsRecorded) continue;
    if (node.is<plan::OutputNode>()) {
      size_t in = static_cast<size_t>(node.inputs[0]);
      verify::checkOutput(plan, ctx, node, state_->records[in], live[in], diffs);
      ++nodesChecked_;
      continue;
    }
    if (!state_->wrapped[i]) continue;
    if (node.is<plan::HandleNode>()) {
      verify::checkHandle(node, *inputs[0], live[i], diffs);
      ++nodesChecked_;
      continue;
    }
    Result<LiveRows> again = verify::recompute(plan, ctx.analysis, node.id, ctx.options, ctx.catalog, inputs);
    if (!again) {
      diffs.add(node.id, "cannot recompute: " + again.status().message());
      ++nodesChecked_;
      continue;
    }
    // A target's rows may carry engine-made order keys, so they compare without keys.
    if (targets[i])
      verify::compareLive(verify::withCorrections(again.value(), node.id, ctx.corrections), live[i], false,
                          node.id, diffs);
    else
      verify::compareLive(again.value(), live[i], true, node.id, diffs);
    ++nodesChecked_;
  }
  if (diffs.count() == 0) return Status::ok();
  return Status::internal(diffs.report(nodesChecked_));
}

}  // namespace popper::verify

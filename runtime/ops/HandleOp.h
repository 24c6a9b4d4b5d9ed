// HandleOp: a HANDLE node in a run (DESIGN section 2). It collects its input's
// changes and decides at the end of its input, over the live rows in
// canonical order (so decisions never depend on thread timing): rows where
// DETECT is false pass; for a detected row it either records corrections in
// the run's CorrectionLog (to be applied before the next round, see
// CorrectionLog.h) and does not forward the row, or applies the EVENTUALLY
// policy (PASS forwards, DROP discards, REJECT writes it to the rejects file
// with the handler's name and reason). A row it never forwarded is never
// retracted downstream, since only forwarded rows ever leave it.
#pragma once

#include <memory>
#include <vector>

#include "compiler/plan/Dataflow.h"
#include "runtime/exec/CorrectionLog.h"
#include "runtime/expr/ExprEvaluator.h"
#include "runtime/ops/PhysicalOperator.h"

namespace popper::ops {

class HandleOp : public PhysicalOperator {
 public:
  HandleOp(const plan::PlanNode& node, const plan::Dataflow& flow, exec::CorrectionLog& log, int64_t maxRounds);
  Status consume(int port, Delta&& in, OperatorContext& ctx) override;
  Status finish(OperatorContext& ctx) override;

 private:
  // Tries to record the corrections for detected row `r` of `live`; false if
  // a target row could not be traced (`why` says which).
  bool recordCorrections(const Batch& live, size_t r, const OrderKey& key, std::string& why);

  const plan::PlanNode& node_;
  const plan::HandleNode& handle_;
  const plan::Dataflow& flow_;
  exec::CorrectionLog& log_;
  int64_t maxRounds_;
  std::unique_ptr<ExprEvaluator> detect_;
  std::vector<std::vector<std::unique_ptr<ExprEvaluator>>> setExprs_;  // per action, per assignment
  std::vector<Delta> received_;
  exec::HandlerRoundStats stats_;
};

}  // namespace popper::ops

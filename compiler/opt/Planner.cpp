// Lowering, passes, auxiliary graph and stages in one call (see Planner.h).
#include "compiler/opt/Planner.h"

#include "compiler/plan/Lowering.h"
#include "compiler/plan/Verifier.h"

namespace popper::opt {

Result<PlanResult> planProgram(const BoundProgram& program, const OptimizerOptions& options) {
  PlanResult result;
  result.lowered = plan::lowerProgram(program);
  Status verified = plan::verifyDataflow(result.lowered);
  if (!verified) return Status::internal("after lowering: " + verified.message());
  plan::Dataflow flow = result.lowered;
  auto records = runPasses(flow, standardPasses(), options);
  if (!records) return records.status();
  result.passes = std::move(*records);
  result.plan = plan::makePhysicalPlan(std::move(flow));
  return result;
}

std::vector<plan::ExplainPass> explainPasses(const std::vector<PassRecord>& records) {
  std::vector<plan::ExplainPass> out;
  for (const PassRecord& r : records) out.push_back({r.name, r.enabled, r.millis, r.changes});
  return out;
}

}  // namespace popper::opt

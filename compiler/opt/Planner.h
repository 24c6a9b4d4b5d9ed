// The one path from a checked workflow to the plan the runtime executes:
// lower the BoundProgram to the reactive dataflow, run the optimizer passes,
// then build the auxiliary graph and the stages. `popper plan` prints the
// result; `popper run` executes result.plan.
#pragma once

#include <vector>

#include "common/Status.h"
#include "compiler/opt/PassManager.h"
#include "compiler/plan/Explain.h"
#include "compiler/plan/PhysicalPlan.h"
#include "compiler/sema/BoundProgram.h"

namespace popper::opt {

struct PlanResult {
  plan::Dataflow lowered;  // before any pass, for the printout
  plan::PhysicalPlan plan;
  std::vector<PassRecord> passes;
};

Result<PlanResult> planProgram(const BoundProgram& program, const OptimizerOptions& options);

// The pass records as the plan printers take them.
std::vector<plan::ExplainPass> explainPasses(const std::vector<PassRecord>& records);

}  // namespace popper::opt

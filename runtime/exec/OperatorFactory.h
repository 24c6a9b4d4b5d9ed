// Creating the physical operator of one plan node (one per NodeKind).
#pragma once

#include <memory>

#include "compiler/plan/PhysicalPlan.h"
#include "runtime/exec/CorrectionLog.h"
#include "runtime/exec/PlanAnalysis.h"
#include "runtime/exec/RunOptions.h"
#include "runtime/ops/OperatorApi.h"
#include "runtime/ops/PhysicalOperator.h"

namespace popper::exec {

// Fails when an input cannot be opened, an output cannot be created, an
// operator is not available in this build, or the node is a HANDLE and no
// CorrectionLog is given (handlers record their corrections there).
// `progress`: the run's waves (plans with handlers); grouping operators among
// the affected nodes then defer their output (see AggregateOp.h).
Result<std::unique_ptr<ops::PhysicalOperator>> createOperator(const plan::PhysicalPlan& plan, const PlanAnalysis& analysis,
                                                              plan::NodeId id, const RunOptions& options,
                                                              const ops::OperatorLibrary& library,
                                                              CorrectionLog* corrections = nullptr,
                                                              const ops::InputProgress* progress = nullptr);

}  // namespace popper::exec

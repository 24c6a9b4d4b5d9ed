// Creating the physical operator of one plan node (one per NodeKind).
#pragma once

#include <memory>

#include "compiler/plan/PhysicalDecisions.h"
#include "compiler/plan/PhysicalPlan.h"
#include "runtime/catalog/OperatorCatalog.h"
#include "runtime/correction/CorrectionLog.h"
#include "runtime/exec/RunOptions.h"
#include "runtime/expr/ExprEvaluator.h"
#include "runtime/io/FileTransaction.h"
#include "runtime/ops/PhysicalOperator.h"

namespace popper::exec {

// Fails when an input cannot be opened, an output cannot be created, an
// operator is not available in this build, or the node is a HANDLE and no
// CorrectionLog is given (handlers record their corrections there).
// `progress`: the run's waves (plans with handlers); grouping operators among
// the affected nodes then defer their output (see AggregateOp.h).
// `evaluators`: makes every expression's evaluator (the JIT's, in a run that has one).
// `files`: the run's files, where an OUTPUT stages its file (required for OUTPUT nodes).
Result<std::unique_ptr<ops::PhysicalOperator>> createOperator(
    const plan::PhysicalPlan& plan, const plan::PhysicalDecisions& analysis, plan::NodeId id,
    const RunOptions& options, const catalog::OperatorCatalog& catalog,
    correction::CorrectionLog* corrections = nullptr, const ops::InputProgress* progress = nullptr,
    const EvaluatorFactory& evaluators = interpreterFactory(), FileTransaction* files = nullptr);

}  // namespace popper::exec

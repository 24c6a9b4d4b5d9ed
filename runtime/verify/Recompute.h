// Recompute: runs a fresh operator of one plan node (runtime/exec/
// OperatorFactory.h) once, non-incrementally, over given live input rows:
// every input fed in canonical order with weight +1 (a row with n live copies
// n times), groups and reducers in their blocking mode so they emit each
// group once at the end, a build/probe join's right side first. What the
// operator emits is folded into its live rows. Extractors re-read their file.
// Not for HANDLE (it needs the run's corrections) or OUTPUT (it writes files).
#pragma once

#include <vector>

#include "compiler/plan/PhysicalDecisions.h"
#include "compiler/plan/PhysicalPlan.h"
#include "runtime/catalog/OperatorCatalog.h"
#include "runtime/exec/RunOptions.h"
#include "runtime/verify/LiveRows.h"

namespace popper::verify {

Result<LiveRows> recompute(const plan::PhysicalPlan& plan, const plan::PhysicalDecisions& analysis,
                           plan::NodeId node, const exec::RunOptions& options,
                           const catalog::OperatorCatalog& catalog,
                           const std::vector<const LiveRows*>& inputs);

}  // namespace popper::verify

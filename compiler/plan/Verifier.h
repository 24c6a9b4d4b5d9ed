// Checks the dataflow's invariants (Dataflow.h): ids and topological order,
// arity per kind, schemas consistent with payloads, every expression's columns
// in range and typed like the schema they read, back edges matching the
// handlers and pointing to strict ancestors. The pass manager runs it after
// every pass; a failure is a compiler bug, reported naming the node.
#pragma once

#include "common/Status.h"
#include "compiler/plan/Dataflow.h"

namespace popper::plan {

Status verifyDataflow(const Dataflow& flow);

}  // namespace popper::plan

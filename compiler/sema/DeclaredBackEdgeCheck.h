// Back edges that an operator declares in its signature (docs/error-handling.md):
// a PROCESS call names each target rowset in a string argument, and the
// target must be upstream of the PROCESS, exactly as a HANDLE action's target
// must be (the planner then draws it as a back edge, compiler/plan/Lowering).
#pragma once

#include "compiler/sema/SemaContext.h"

namespace popper::sema {

// Reports a target argument naming an unknown rowset, a rowset defined later,
// or one that is not the PROCESS's input or an ancestor of it. `input` is the
// PROCESS's input relation (-1 when it failed to bind).
void checkDeclaredBackEdges(SemaContext& ctx, const BoundOpCall& call, RelId input,
                            const std::string& inputDisplay);

}  // namespace popper::sema

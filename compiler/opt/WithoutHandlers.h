// `popper run --no-handlers`: the same workflow with every HANDLE turned into
// a pass-through (its source's rows, unchanged, and no back edges), so a
// workflow can be compared with and without its error handling (e.g. F1 of
// an EVALUATE AGAINST output both ways). Applied to the checked program
// before planning; the planner then removes handlers nobody reads as dead.
#pragma once

#include "compiler/sema/BoundProgram.h"

namespace popper::opt {

BoundProgram withoutHandlers(BoundProgram program);

}  // namespace popper::opt

// Constant folding of bound expressions, used by the `fold` pass. Folds only
// what evaluates the same at compile time as at run time, and never removes
// or pre-computes anything that could raise a row error (1/0, to_int("x"),
// abs of the smallest int, a bad regex stay as written, for the runtime to
// report on the rows it reaches). AND/OR keep the runtime's left-to-right
// short-circuit: `false AND x` folds, `x AND false` folds only if x cannot raise.
#pragma once

#include "compiler/sema/BoundExpr.h"

namespace popper::opt {

// Folds e in place; returns true if anything changed.
bool foldExpr(BoundExpr& e);

}  // namespace popper::opt

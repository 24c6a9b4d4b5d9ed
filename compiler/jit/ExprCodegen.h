// ExprCodegen: LLVM IR for one expression as a loop over a batch (see the
// CompiledExprFn signature in ErrorSite.h). Numeric and boolean operators are
// inline, with integer overflow through llvm.s*.with.overflow, division checks
// and float-to-int range checks branching to a shared failure block that
// records the error site; AND/OR and IF branch per row, so a row only
// evaluates (and only fails in) what the interpreter would evaluate for it.
// Strings are pointers to string_view cells; string operations call the
// helpers of RuntimeHelpers.h, whose row failures go to the same block.
#pragma once

#include <llvm/IR/Module.h>

#include <string>
#include <vector>

#include "compiler/jit/ErrorSite.h"
#include "compiler/jit/ExprShape.h"

namespace popper::jit {

enum class LoopKind { Evaluate, Filter };

// Adds function `name` to `module`; appends the error sites it can raise to
// `sites` (the same list for every LoopKind of one expression).
void emitExprFunction(llvm::Module& module, const std::string& name, const BoundExpr& root,
                      const ExprShape& shape, LoopKind kind, std::vector<ErrorSite>& sites);

}  // namespace popper::jit

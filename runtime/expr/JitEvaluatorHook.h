// JitEvaluatorHook: where the runtime makes its expression evaluators. The JIT
// (compiler/jit, the only code that links LLVM) installs a factory here; with
// none installed (`popper run --no-jit`, or a build without the JIT) every
// evaluator is the Interpreter. Operators call makeEvaluator and never know
// which engine runs.
#pragma once

#include <functional>
#include <memory>

#include "runtime/expr/ExprEvaluator.h"

namespace popper {

using JitEvaluatorFactory = std::function<std::unique_ptr<ExprEvaluator>(const BoundExpr&)>;

// Installs (or, with an empty function, removes) the factory used by makeEvaluator.
void setJitEvaluatorFactory(JitEvaluatorFactory factory);

// The installed factory's evaluator for `expr`, or an Interpreter.
std::unique_ptr<ExprEvaluator> makeEvaluator(const BoundExpr& expr);

}  // namespace popper

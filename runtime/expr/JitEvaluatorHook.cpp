// The evaluator factory switch (see JitEvaluatorHook.h).
#include "runtime/expr/JitEvaluatorHook.h"

#include <mutex>

#include "runtime/expr/Interpreter.h"

namespace popper {

namespace {
std::mutex& factoryMutex() {
  static std::mutex m;
  return m;
}
JitEvaluatorFactory& installedFactory() {
  static JitEvaluatorFactory f;
  return f;
}
}  // namespace

void setJitEvaluatorFactory(JitEvaluatorFactory factory) {
  std::lock_guard<std::mutex> lock(factoryMutex());
  installedFactory() = std::move(factory);
}

std::unique_ptr<ExprEvaluator> makeEvaluator(const BoundExpr& expr) {
  JitEvaluatorFactory factory;
  {
    std::lock_guard<std::mutex> lock(factoryMutex());
    factory = installedFactory();
  }
  if (factory) return factory(expr);
  return makeInterpreter(expr);
}

}  // namespace popper

// JitEngine: the LLJIT instance behind a JitSession. Created through a factory
// that returns a Result (LLJIT's own creation reports llvm::Error, which is
// converted here, at the edge, into a popper Status; nothing throws). Modules
// are optimized once with the new pass manager at O2 for the host CPU before
// they are added. The LLVM types stay behind a pointer to the implementation,
// so this header is LLVM-free.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "compiler/diag/Status.h"
#include "compiler/jit/ErrorSite.h"
#include "compiler/jit/ExprShape.h"

namespace popper::jit {

// One expression to put in a module, with the function names to give it.
struct ModuleEntry {
  const BoundExpr* expr = nullptr;
  const ExprShape* shape = nullptr;
  std::string evaluateName;
  std::string filterName;  // empty: no filter variant (non-bool expressions)
  std::vector<ErrorSite>* sites = nullptr;  // filled by codegen
};

class JitEngine {
 public:
  static Result<std::unique_ptr<JitEngine>> create();
  ~JitEngine();
  JitEngine(const JitEngine&) = delete;
  JitEngine& operator=(const JitEngine&) = delete;

  // Generates, verifies, optimizes and compiles one module holding every entry.
  Status compileModule(std::vector<ModuleEntry>& entries);
  Result<CompiledExprFn> lookup(const std::string& name);

 private:
  struct Impl;
  explicit JitEngine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace popper::jit

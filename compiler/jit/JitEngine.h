// JitEngine: the LLJIT instance behind a JitSession. Created through a factory
// that returns a Result (LLJIT's own creation reports llvm::Error, which is
// converted here, at the edge, into a popper Status; nothing throws). Each
// module is hashed (its unoptimized IR plus the target and CPU); with an
// object cache folder, a module compiled by an earlier run is loaded from
// there and neither optimized nor compiled again. Otherwise it is optimized
// once (a short function pipeline of the new pass manager, see JitEngine.cpp)
// for the host CPU and compiled to machine code. The LLVM types stay behind a pointer to the implementation,
// so this header is LLVM-free.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "common/Status.h"
#include "compiler/jit/ErrorSite.h"
#include "compiler/jit/ExprShape.h"

namespace popper::jit {

// One expression to put in a module, with the function names to give it.
struct ModuleEntry {
  const BoundExpr* expr = nullptr;
  const ExprShape* shape = nullptr;
  // Exactly one is set: bool expressions compile only the filter loop (their
  // evaluate() runs it and marks the selected rows), others only evaluate.
  std::string evaluateName;
  std::string filterName;
  std::vector<ErrorSite>* sites = nullptr;  // filled by codegen
  CompiledExprFn evaluateFn = nullptr;      // filled once compiled
  CompiledExprFn filterFn = nullptr;
};

// Where one module's compile time went.
struct CompilePhases {
  double irMillis = 0;        // IR generation, verification and hashing
  double optimizeMillis = 0;  // the optimization pipeline (skipped on a cache hit)
  double machineMillis = 0;   // machine code and linking (an object load on a cache hit)
  bool cacheHit = false;
  bool abandoned = false;  // `stop` was set: nothing was compiled
};

struct EngineOptions {
  std::string cacheDir;  // "" : no object cache
};

class JitEngine {
 public:
  static Result<std::unique_ptr<JitEngine>> create(const EngineOptions& options = {});
  ~JitEngine();
  JitEngine(const JitEngine&) = delete;
  JitEngine& operator=(const JitEngine&) = delete;

  // Generates, verifies, optimizes and compiles one module holding every
  // entry, and looks up every entry's functions. When `stop` becomes true it
  // gives up at the next phase boundary (phases.abandoned).
  Status compileModule(std::vector<ModuleEntry>& entries, CompilePhases& phases,
                       const std::atomic<bool>* stop = nullptr);

 private:
  struct Impl;
  explicit JitEngine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace popper::jit

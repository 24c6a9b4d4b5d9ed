// JitSession: the JIT for one workflow run. Every expression the runtime asks
// an evaluator for is registered here; every one but a bare column or
// constant is compiled together into ONE LLVM module, optimized once.
//
// When: evaluators start as interpreters. Compilation starts on a background
// thread once the workflow's evaluators have seen `compileAfterRows` rows
// (so small runs never pay for LLVM at all), and each evaluator switches to
// the compiled loop at its next batch boundary. Expressions registered after
// a module was compiled go into the next module. `compileNow()` compiles
// synchronously (tests, benchmarks).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/Status.h"
#include "compiler/jit/ErrorSite.h"
#include "compiler/jit/ExprShape.h"
#include "runtime/expr/ExprEvaluator.h"

namespace popper::jit {

class JitEngine;

// One distinct expression of the workflow, shared by every evaluator of it.
struct CompiledExpr {
  BoundExpr expr;
  ExprShape shape;                      // pointers into `expr`
  std::vector<ErrorSite> sites;         // valid once `ready`
  CompiledExprFn evaluateFn = nullptr;  // non-bool expressions; valid once `ready`
  CompiledExprFn filterFn = nullptr;    // bool expressions; valid once `ready`
  std::atomic<bool> ready{false};
};

struct JitOptions {
  uint64_t compileAfterRows = 100000;  // 0: compile as soon as an evaluator runs
  bool background = true;
  std::string cacheDir;  // object cache folder ("" : none; see ObjectCacheDir.h)
};

struct JitStats {
  int compiledExpressions = 0;     // distinct expressions in compiled modules
  int interpretedExpressions = 0;  // distinct expressions left to the interpreter entirely
  int modules = 0;
  double compileMillis = 0;  // wall time of code generation, optimization and machine code
  // The phases in CPU time of the compiling thread (wall time on a loaded machine is mostly waiting).
  double engineMillis = 0;    // creating the LLJIT
  double irMillis = 0;        // IR generation and hashing
  double optimizeMillis = 0;  // the optimization pipeline
  double machineMillis = 0;   // machine code or cache load
  int cacheHits = 0;          // modules loaded from the object cache
  bool started = false;       // false: the input stayed below the threshold
  std::string error;          // a failed compilation (the run continues interpreted)
  bool abandoned = false;     // stopCompiling() stopped a compilation in flight
  // When each module was compiled (for `popper run --trace`).
  std::vector<std::pair<std::chrono::steady_clock::time_point, std::chrono::steady_clock::time_point>>
      compiles;
};

class JitSession {
 public:
  static Result<std::unique_ptr<JitSession>> create(JitOptions options = {});
  ~JitSession();  // waits for a compilation in flight
  JitSession(const JitSession&) = delete;
  JitSession& operator=(const JitSession&) = delete;

  // An evaluator for `expr`: compiled when possible, the Interpreter otherwise.
  std::unique_ptr<ExprEvaluator> makeEvaluator(const BoundExpr& expr);

  // Compiles every registered expression not compiled yet, now, on this thread.
  Status compileNow();

  // Evaluators report the rows they interpreted; may start the background compile.
  void noteRows(uint64_t rows);

  // Waits for a compilation in flight (so its time and result are in stats()).
  void waitForCompile();

  // For the end of a run: a compilation in flight is abandoned at its next
  // phase boundary (IR, optimization, machine code), so the run waits on the
  // compiler at most for one phase of a module it no longer needs.
  void stopCompiling();

  JitStats stats() const;

 private:
  explicit JitSession(JitOptions options);
  Status compilePending();

  JitOptions options_;
  mutable std::mutex mutex_;
  std::unique_ptr<JitEngine> engine_;
  std::map<std::string, std::shared_ptr<CompiledExpr>> byKey_;  // structural key -> expression
  std::vector<std::shared_ptr<CompiledExpr>> pending_;
  std::set<std::string> interpretedKeys_;
  std::atomic<uint64_t> rowsSeen_{0};
  std::atomic<bool> compiling_{false};
  std::atomic<bool> stop_{false};
  std::thread worker_;
  std::mutex compileMutex_;
  JitStats stats_;
  int nextFunction_ = 0;
};

}  // namespace popper::jit

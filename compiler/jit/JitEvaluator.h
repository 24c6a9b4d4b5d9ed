// JitEvaluator: the ExprEvaluator the JIT hands to operators. Until its
// expression's compiled loop is ready it interprets (and reports the rows to
// the session, which decides when to compile); from the next batch on one
// call of the compiled loop evaluates the batch, and the error array becomes
// the same RowErrors the interpreter would have produced. It owns the
// HelperContext the loop's string helpers use (the batch's arena, per-row
// builtin call sites with their regex caches, failure messages).
#pragma once

#include <memory>
#include <vector>

#include "compiler/jit/JitSession.h"
#include "compiler/jit/RuntimeHelpers.h"
#include "runtime/expr/Interpreter.h"

namespace popper::jit {

class JitEvaluator : public ExprEvaluator {
 public:
  JitEvaluator(JitSession& session, std::shared_ptr<CompiledExpr> compiled);

  void evaluate(const EvalContext& ctx, const Selection& sel, Column& out, RowErrors& errors) override;
  void filter(const EvalContext& ctx, const Selection& sel, Selection& out, RowErrors& errors) override;

  bool isCompiled() const { return compiled_->ready.load(std::memory_order_acquire); }

 private:
  // Fills slots_ for `sel`.
  void prepare(const EvalContext& ctx, const Selection& sel);
  void reportErrors(const Selection& sel, uint64_t failed, RowErrors& errors);
  // Runs the compiled filter loop: `out` gets the selected rows of `sel`.
  void runFilter(const EvalContext& ctx, const Selection& sel, Selection& out, RowErrors& errors);

  JitSession& session_;
  std::shared_ptr<CompiledExpr> compiled_;
  Interpreter interpreter_;
  HelperContext helpers_;
  std::vector<const void*> slots_;
  std::vector<uint32_t> tracedIndex_;
  std::vector<uint32_t> errorCodes_;  // all zero between calls
  std::vector<double> errorValues_;
  Selection selected_;  // evaluate() of a bool expression
};

}  // namespace popper::jit

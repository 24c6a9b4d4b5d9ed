// JitEvaluator: the ExprEvaluator the JIT hands to operators. Until its
// expression's compiled loop is ready it interprets (and reports the rows to
// the session, which decides when to compile); from the next batch on it runs
// the compiled loop: leaves (string subtrees) are evaluated by interpreters
// first, then one call evaluates the batch, and the error array becomes the
// same RowErrors the interpreter would have produced.
#pragma once

#include <memory>
#include <vector>

#include "compiler/jit/JitSession.h"
#include "runtime/expr/Interpreter.h"

namespace popper::jit {

class JitEvaluator : public ExprEvaluator {
 public:
  JitEvaluator(JitSession& session, std::shared_ptr<CompiledExpr> compiled);

  void evaluate(const EvalContext& ctx, const Selection& sel, Column& out, RowErrors& errors) override;
  void filter(const EvalContext& ctx, const Selection& sel, Selection& out, RowErrors& errors) override;

  bool isCompiled() const { return compiled_->evaluateFn.load(std::memory_order_acquire) != nullptr; }

 private:
  // Fills slots_ for `sel` (evaluating the leaves); then runs `fn` and converts its errors.
  void prepare(const EvalContext& ctx, const Selection& sel);
  void reportErrors(const Selection& sel, uint64_t failed, RowErrors& errors);

  JitSession& session_;
  std::shared_ptr<CompiledExpr> compiled_;
  Interpreter interpreter_;
  std::vector<std::unique_ptr<Interpreter>> leafInterpreters_;
  std::vector<Column> leafValues_;
  std::vector<std::vector<uint8_t>> leafFlags_;
  std::vector<RowErrors> leafErrors_;
  std::vector<const void*> slots_;
  std::vector<uint32_t> errorCodes_;  // all zero between calls
  std::vector<double> errorValues_;
};

}  // namespace popper::jit

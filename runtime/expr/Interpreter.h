// Interpreter: the vectorized ExprEvaluator over BoundExpr. Each node is
// evaluated for a whole selection at once into a dense column; constants and
// column references are read in place (no broadcast or gather) by arithmetic
// and comparisons. AND/OR evaluate their right side only on the rows that
// need it, and IF each branch only on its rows, so `x != 0 AND 10 / x > 1`
// never fails for x == 0.
//
// Semantics (docs/language.md and BoundExpr.h):
//  - int + - * and unary minus: overflow is a row error "integer overflow"
//  - int / and %: truncate toward zero; by zero: "integer division by zero" /
//    "integer modulo by zero"; INT64_MIN / -1: "integer overflow"; INT64_MIN % -1 = 0
//  - float: IEEE (x / 0.0 is inf or nan); comparisons with NaN are false except !=
//  - strings: + concatenates; comparisons are byte-wise (UTF-8 code-point order)
#pragma once

#include <memory>

#include "runtime/expr/ExprEvaluator.h"

namespace popper {

class Interpreter : public ExprEvaluator {
 public:
  explicit Interpreter(BoundExpr expr);
  ~Interpreter() override;
  // Caches are keyed by node address: an interpreter stays where it was made.
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

  void evaluate(const EvalContext& ctx, const Selection& sel, Column& out, RowErrors& errors) override;
  void filter(const EvalContext& ctx, const Selection& sel, Selection& out, RowErrors& errors) override;

  const BoundExpr& expr() const { return expr_; }

  struct State;  // per-node caches (compiled regexes) and scratch columns

 private:
  BoundExpr expr_;
  std::unique_ptr<State> state_;
};

std::unique_ptr<ExprEvaluator> makeInterpreter(const BoundExpr& expr);

}  // namespace popper

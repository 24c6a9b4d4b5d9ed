// ExprEvaluator: evaluates one bound expression over batches. The vectorized
// Interpreter implements it; the JIT (compiler/jit) plugs in behind the same
// interface, so operators never know which one runs.
//
// Evaluation is over a selection of rows of input 0 and produces dense
// results: out[i] is the value for row sel[i]. Rows that fail are recorded in
// `errors` (by their row index in input 0) and must be dropped by the caller;
// their slot in `out` holds an unspecified value. Filters never select a failed
// row. An evaluator is not thread-safe (it keeps scratch space and regex
// caches): make one per operator instance.
#pragma once

#include <functional>
#include <memory>

#include "compiler/sema/BoundExpr.h"
#include "runtime/data/Batch.h"
#include "runtime/expr/RowErrors.h"

namespace popper {

// The rows an expression reads. Column refs with input 0 read `row`; with
// input 1 (a handler's traced row, `t.col`) they read `traced`, at row
// tracedRows[r] for input-0 row r (or row r itself when tracedRows is null).
struct EvalContext {
  const Batch* row = nullptr;
  const Batch* traced = nullptr;
  const uint32_t* tracedRows = nullptr;
  // Where computed strings go; must outlive the result (usually the output
  // batch's arena(), with the output sharing `row`'s strings).
  StringArena* arena = nullptr;
};

class ExprEvaluator {
 public:
  virtual ~ExprEvaluator() = default;

  // Evaluates into `out` (type = the expression's type, size sel.size()).
  virtual void evaluate(const EvalContext& ctx, const Selection& sel, Column& out, RowErrors& errors) = 0;
  // The rows of `sel` where the (bool) expression is true and no error occurred.
  virtual void filter(const EvalContext& ctx, const Selection& sel, Selection& out, RowErrors& errors) = 0;
};

// Makes the evaluator of one expression. A run hands its operators the JIT's
// (compiler/jit/JitSession::makeEvaluator) or, by default, the interpreter's.
using EvaluatorFactory = std::function<std::unique_ptr<ExprEvaluator>(const BoundExpr&)>;

// The interpreter's factory (Interpreter.h).
const EvaluatorFactory& interpreterFactory();

}  // namespace popper

// Running a compiled expression loop over a batch (see JitEvaluator.h).
#include "compiler/jit/JitEvaluator.h"

#include <stdexcept>

#include "runtime/data/ValueText.h"

namespace popper::jit {

namespace {
const void* columnData(const Column& c) {
  switch (c.type) {
    case Type::Int:
      return c.ints.data();
    case Type::Float:
      return c.floats.data();
    case Type::Bool:
      return c.bools.data();
    case Type::String:
      return c.strings.data();
  }
  return nullptr;
}

void* resizeFor(Column& out, Type type, size_t n) {
  out.type = type;
  switch (type) {
    case Type::Int:
      out.ints.resize(n);
      return out.ints.data();
    case Type::Float:
      out.floats.resize(n);
      return out.floats.data();
    case Type::Bool:
      out.bools.resize(n);
      return out.bools.data();
    case Type::String:
      out.strings.resize(n);
      return out.strings.data();
  }
  return nullptr;
}
}  // namespace

JitEvaluator::JitEvaluator(JitSession& session, std::shared_ptr<CompiledExpr> compiled)
    : session_(session), compiled_(std::move(compiled)), interpreter_(compiled_->expr) {
  for (const BoundExpr* call : compiled_->shape.calls) helpers_.calls.emplace_back(*call);
}

void JitEvaluator::prepare(const EvalContext& ctx, const Selection& sel) {
  const ExprShape& shape = compiled_->shape;
  size_t n = sel.size();
  helpers_.arena = ctx.arena;
  helpers_.messages.clear();
  slots_.resize(shape.slotCount());
  slots_[ExprShape::kContextSlot] = &helpers_;
  slots_[ExprShape::kTracedIndexSlot] = nullptr;
  if (shape.readsTraced) {
    if (!ctx.traced) throw std::logic_error("expression reads a traced row but none was given");
    tracedIndex_.resize(n);
    for (size_t i = 0; i < n; ++i) tracedIndex_[i] = ctx.tracedRows ? ctx.tracedRows[sel[i]] : sel[i];
    slots_[ExprShape::kTracedIndexSlot] = tracedIndex_.data();
  }
  for (size_t s = 0; s < shape.columns.size(); ++s) {
    const ExprShape::ColumnRef& c = shape.columns[s];
    const Batch* batch = c.input == 0 ? ctx.row : ctx.traced;
    slots_[ExprShape::kFirstColumnSlot + s] = columnData(batch->column(c.column));
  }
  if (errorCodes_.size() < n) {
    errorCodes_.resize(n, 0);
    errorValues_.resize(n, 0);
  }
}

void JitEvaluator::reportErrors(const Selection& sel, uint64_t failed, RowErrors& errors) {
  if (failed == 0) return;
  const std::vector<ErrorSite>& sites = compiled_->sites;
  size_t nextMessage = 0;  // messages are ascending by position, at most one per row
  for (size_t i = 0; i < sel.size() && failed > 0; ++i) {
    uint32_t code = errorCodes_[i];
    if (code == 0) continue;
    errorCodes_[i] = 0;
    --failed;
    const ErrorSite& site = sites[code - 1];
    switch (site.kind) {
      case ErrorSite::Kind::Message:
        errors.add(sel[i], site.range, site.message);
        break;
      case ErrorSite::Kind::FloatToInt:
        errors.add(sel[i], site.range, "cannot convert " + formatFloat(errorValues_[i]) + " to int");
        break;
      case ErrorSite::Kind::Helper: {
        const auto& messages = helpers_.messages;
        while (nextMessage < messages.size() && messages[nextMessage].first < i) ++nextMessage;
        if (nextMessage == messages.size() || messages[nextMessage].first != i)
          throw std::logic_error("jit: a helper failed a row without a message");
        errors.add(sel[i], site.range, messages[nextMessage].second);
        break;
      }
    }
  }
}

void JitEvaluator::runFilter(const EvalContext& ctx, const Selection& sel, Selection& out,
                             RowErrors& errors) {
  prepare(ctx, sel);
  out.resize(sel.size());
  uint64_t count = 0;
  uint64_t failed = compiled_->filterFn(slots_.data(), sel.data(), sel.size(), out.data(), errorCodes_.data(),
                                        errorValues_.data(), &count);
  out.resize(count);
  reportErrors(sel, failed, errors);
}

void JitEvaluator::evaluate(const EvalContext& ctx, const Selection& sel, Column& out, RowErrors& errors) {
  if (!isCompiled()) {
    session_.noteRows(sel.size());
    interpreter_.evaluate(ctx, sel, out, errors);
    return;
  }
  if (compiled_->expr.type == Type::Bool) {
    // The filter loop selects the rows where the value is true and the row did
    // not fail, in `sel`'s order; every other row is false (or failed).
    runFilter(ctx, sel, selected_, errors);
    out.type = Type::Bool;
    out.bools.assign(sel.size(), 0);
    size_t k = 0;
    for (size_t i = 0; i < sel.size() && k < selected_.size(); ++i)
      if (sel[i] == selected_[k]) {
        out.bools[i] = 1;
        ++k;
      }
    return;
  }
  prepare(ctx, sel);
  void* data = resizeFor(out, compiled_->expr.type, sel.size());
  uint64_t count = 0;
  uint64_t failed = compiled_->evaluateFn(slots_.data(), sel.data(), sel.size(), data, errorCodes_.data(),
                                          errorValues_.data(), &count);
  reportErrors(sel, failed, errors);
}

void JitEvaluator::filter(const EvalContext& ctx, const Selection& sel, Selection& out, RowErrors& errors) {
  if (!isCompiled()) {
    session_.noteRows(sel.size());
    interpreter_.filter(ctx, sel, out, errors);
    return;
  }
  bool hadErrors = !errors.empty();
  runFilter(ctx, sel, out, errors);
  if (hadErrors) {
    // As the interpreter: a row that failed in an earlier evaluation is never selected.
    size_t k = 0;
    for (uint32_t r : out)
      if (!errors.hasFailed(r)) out[k++] = r;
    out.resize(k);
  }
}

}  // namespace popper::jit

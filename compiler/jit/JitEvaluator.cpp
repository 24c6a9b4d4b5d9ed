// Running a compiled expression loop over a batch (see JitEvaluator.h).
#include "compiler/jit/JitEvaluator.h"

#include <unordered_map>

#include "runtime/data/ValueText.h"

namespace popper::jit {

namespace {
const void* columnData(const Column& c) {
  switch (c.type) {
    case Type::Int: return c.ints.data();
    case Type::Float: return c.floats.data();
    case Type::Bool: return c.bools.data();
    case Type::String: return c.strings.data();
  }
  return nullptr;
}

void* resizeFor(Column& out, Type type, size_t n) {
  out.type = type;
  switch (type) {
    case Type::Int: out.ints.resize(n); return out.ints.data();
    case Type::Float: out.floats.resize(n); return out.floats.data();
    case Type::Bool: out.bools.resize(n); return out.bools.data();
    case Type::String: break;
  }
  throw std::logic_error("jit: compiled expressions never produce strings");
}
}  // namespace

JitEvaluator::JitEvaluator(JitSession& session, std::shared_ptr<CompiledExpr> compiled)
    : session_(session), compiled_(std::move(compiled)), interpreter_(compiled_->expr) {}

void JitEvaluator::prepare(const EvalContext& ctx, const Selection& sel) {
  const ExprShape& shape = compiled_->shape;
  size_t n = sel.size();
  if (leafInterpreters_.size() != shape.leaves.size()) {
    for (const BoundExpr* leaf : shape.leaves) leafInterpreters_.push_back(std::make_unique<Interpreter>(*leaf));
    leafValues_.resize(shape.leaves.size());
    leafFlags_.resize(shape.leaves.size());
    leafErrors_.resize(shape.leaves.size());
  }
  slots_.resize(shape.slotCount());
  for (size_t s = 0; s < shape.columns.size(); ++s) slots_[s] = columnData(ctx.row->column(shape.columns[s]));
  std::unordered_map<uint32_t, uint32_t> positionOf;
  for (size_t k = 0; k < shape.leaves.size(); ++k) {
    leafErrors_[k].clear();
    // The leaf runs on every row; its errors count only where the compiled
    // loop reaches it (the flags), which is where the interpreter would.
    leafInterpreters_[k]->evaluate(ctx, sel, leafValues_[k], leafErrors_[k]);
    leafFlags_[k].assign(n, 0);
    if (!leafErrors_[k].empty()) {
      if (positionOf.empty())
        for (size_t i = 0; i < n; ++i) positionOf.emplace(sel[i], static_cast<uint32_t>(i));
      for (const RowError& e : leafErrors_[k].errors()) leafFlags_[k][positionOf.at(e.row)] = 1;
    }
    slots_[static_cast<size_t>(shape.leafValuesSlot(static_cast<int>(k)))] = columnData(leafValues_[k]);
    slots_[static_cast<size_t>(shape.leafFlagsSlot(static_cast<int>(k)))] = leafFlags_[k].data();
  }
  if (errorCodes_.size() < n) {
    errorCodes_.resize(n, 0);
    errorValues_.resize(n, 0);
  }
}

void JitEvaluator::reportErrors(const Selection& sel, uint64_t failed, RowErrors& errors) {
  if (failed == 0) return;
  const std::vector<ErrorSite>& sites = compiled_->sites;
  std::vector<std::unordered_map<uint32_t, const RowError*>> leafErrorOf(leafErrors_.size());
  for (size_t i = 0; i < sel.size() && failed > 0; ++i) {
    uint32_t code = errorCodes_[i];
    if (code == 0) continue;
    errorCodes_[i] = 0;
    --failed;
    const ErrorSite& site = sites[code - 1];
    switch (site.kind) {
      case ErrorSite::Kind::Message: errors.add(sel[i], site.range, site.message); break;
      case ErrorSite::Kind::FloatToInt:
        errors.add(sel[i], site.range, "cannot convert " + formatFloat(errorValues_[i]) + " to int");
        break;
      case ErrorSite::Kind::Leaf: {
        auto& index = leafErrorOf[static_cast<size_t>(site.leaf)];
        if (index.empty())
          for (const RowError& e : leafErrors_[static_cast<size_t>(site.leaf)].errors()) index.emplace(e.row, &e);
        const RowError* e = index.at(sel[i]);
        errors.add(sel[i], e->range, e->message);
        break;
      }
    }
  }
}

void JitEvaluator::evaluate(const EvalContext& ctx, const Selection& sel, Column& out, RowErrors& errors) {
  CompiledExprFn fn = compiled_->evaluateFn.load(std::memory_order_acquire);
  if (!fn) {
    session_.noteRows(sel.size());
    interpreter_.evaluate(ctx, sel, out, errors);
    return;
  }
  prepare(ctx, sel);
  void* data = resizeFor(out, compiled_->expr.type, sel.size());
  uint64_t count = 0;
  uint64_t failed = fn(slots_.data(), sel.data(), sel.size(), data, errorCodes_.data(), errorValues_.data(), &count);
  reportErrors(sel, failed, errors);
}

void JitEvaluator::filter(const EvalContext& ctx, const Selection& sel, Selection& out, RowErrors& errors) {
  CompiledExprFn fn = compiled_->filterFn.load(std::memory_order_acquire);
  if (!fn || !compiled_->evaluateFn.load(std::memory_order_acquire)) {
    session_.noteRows(sel.size());
    interpreter_.filter(ctx, sel, out, errors);
    return;
  }
  bool hadErrors = !errors.empty();
  prepare(ctx, sel);
  out.resize(sel.size());
  uint64_t count = 0;
  uint64_t failed = fn(slots_.data(), sel.data(), sel.size(), out.data(), errorCodes_.data(), errorValues_.data(), &count);
  out.resize(count);
  reportErrors(sel, failed, errors);
  if (hadErrors) {
    // As the interpreter: a row that failed in an earlier evaluation is never selected.
    size_t k = 0;
    for (uint32_t r : out)
      if (!errors.hasFailed(r)) out[k++] = r;
    out.resize(k);
  }
}

}  // namespace popper::jit

#include "runtime/ops/DetectConditions.h"

#include "compiler/plan/ExprFormat.h"
#include "compiler/plan/ExprUtil.h"

namespace popper::ops {

DetectConditions::DetectConditions(const BoundExpr& detect) {
  std::vector<BoundExpr> parts = plan::splitDisjuncts(detect);
  // (At most 255 parts are told apart: the index is a byte.)
  if (parts.size() > 1) parts_.assign(parts.begin(), parts.begin() + std::min<size_t>(parts.size(), 255));
}

std::vector<std::string> DetectConditions::texts(const BoundExpr& detect, const Schema& input) {
  std::vector<std::string> out;
  for (const BoundExpr& part : plan::splitDisjuncts(detect)) out.push_back(plan::formatExpr(part, input));
  return out;
}

std::vector<uint8_t> DetectConditions::firstHeld(const Batch& rows, const Selection& sel) {
  std::vector<uint8_t> out(sel.size(), 0);
  if (parts_.empty() || sel.empty()) return out;
  if (evaluators_.empty())
    for (const BoundExpr& part : parts_) evaluators_.push_back(interpreterFactory()(part));
  // The rows of `sel` no part has named yet.
  Selection todo = sel, held;
  Batch scratch(rows.schemaPtr());
  EvalContext ctx{&rows, nullptr, nullptr, &scratch.arena()};
  for (size_t p = 0; p < evaluators_.size() && !todo.empty(); ++p) {
    held.clear();
    RowErrors errors;
    evaluators_[p]->filter(ctx, todo, held, errors);
    if (held.empty()) continue;
    // `sel` and `held` (rows of `todo`, none named yet) are both ascending: walk them together.
    size_t h = 0;
    for (size_t i = 0; i < sel.size() && h < held.size(); ++i)
      if (sel[i] == held[h]) out[i] = static_cast<uint8_t>(p), ++h;
    Selection rest;
    h = 0;
    for (uint32_t r : todo) {
      while (h < held.size() && held[h] < r) ++h;
      if (h == held.size() || held[h] != r) rest.push_back(r);
    }
    todo = std::move(rest);
  }
  return out;
}

uint8_t DetectConditions::firstHeld(const Batch& rows, uint32_t row) {
  Selection one{row};
  return firstHeld(rows, one).front();
}

}  // namespace popper::ops

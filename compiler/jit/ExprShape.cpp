// Column slots and per-row call sites of an expression (see ExprShape.h).
#include "compiler/jit/ExprShape.h"

#include "compiler/jit/RuntimeHelpers.h"

namespace popper::jit {

namespace {
void visit(const BoundExpr& e, ExprShape& shape) {
  if (e.kind == BoundExpr::Kind::Column) {
    int slot = -1;
    for (size_t s = 0; s < shape.columns.size(); ++s)
      if (shape.columns[s].input == e.input && shape.columns[s].column == e.column)
        slot = ExprShape::kFirstColumnSlot + static_cast<int>(s);
    if (slot < 0) {
      slot = ExprShape::kFirstColumnSlot + static_cast<int>(shape.columns.size());
      shape.columns.push_back({e.input, e.column});
    }
    shape.readsTraced |= e.input == 1;
    shape.columnSlot.emplace(&e, slot);
    return;
  }
  if (callsBuiltinPerRow(e)) {
    shape.callSite.emplace(&e, static_cast<int>(shape.calls.size()));
    shape.calls.push_back(&e);
  }
  for (const BoundExpr& a : e.args) visit(a, shape);
}
}  // namespace

ExprShape shapeOf(const BoundExpr& root) {
  ExprShape shape;
  visit(root, shape);
  return shape;
}

}  // namespace popper::jit

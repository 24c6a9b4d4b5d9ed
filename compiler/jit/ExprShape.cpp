// Inline-or-leaf classification of expression nodes (see ExprShape.h).
#include "compiler/jit/ExprShape.h"

namespace popper::jit {

bool isInline(const BoundExpr& e) {
  if (e.type == Type::String) return false;
  for (const BoundExpr& a : e.args)
    if (a.type == Type::String) return false;
  switch (e.kind) {
    case BoundExpr::Kind::Const: return true;
    case BoundExpr::Kind::Column: return e.input == 0;
    case BoundExpr::Kind::Cast:
    case BoundExpr::Kind::Unary:
    case BoundExpr::Kind::Binary:
    case BoundExpr::Kind::If: return true;
    case BoundExpr::Kind::Call:
      switch (e.func) {
        case BuiltinFunc::Abs:
        case BuiltinFunc::Round:
        case BuiltinFunc::Floor:
        case BuiltinFunc::Ceil:
        case BuiltinFunc::Min:
        case BuiltinFunc::Max:
        case BuiltinFunc::ToInt:
        case BuiltinFunc::ToFloat: return !e.args.empty();
        default: return false;
      }
  }
  return false;
}

namespace {
void visit(const BoundExpr& e, ExprShape& shape) {
  if (!isInline(e)) {
    shape.leafIndex.emplace(&e, static_cast<int>(shape.leaves.size()));
    shape.leaves.push_back(&e);
    return;
  }
  if (e.kind == BoundExpr::Kind::Column) {
    int slot = -1;
    for (size_t s = 0; s < shape.columns.size(); ++s)
      if (shape.columns[s] == e.column) slot = static_cast<int>(s);
    if (slot < 0) {
      slot = static_cast<int>(shape.columns.size());
      shape.columns.push_back(e.column);
    }
    shape.columnSlot.emplace(&e, slot);
    return;
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

// Structural comparison of bound expressions.
#include "compiler/sema/BoundExpr.h"

namespace popper {

bool sameExpr(const BoundExpr& a, const BoundExpr& b) {
  if (a.kind != b.kind || a.type != b.type || a.args.size() != b.args.size()) return false;
  switch (a.kind) {
    case BoundExpr::Kind::Const:
      if (a.value.value != b.value.value) return false;
      break;
    case BoundExpr::Kind::Column:
      if (a.input != b.input || a.column != b.column) return false;
      break;
    case BoundExpr::Kind::Unary:
      if (a.unaryOp != b.unaryOp) return false;
      break;
    case BoundExpr::Kind::Binary:
      if (a.binaryOp != b.binaryOp) return false;
      break;
    case BoundExpr::Kind::Call:
      if (a.func != b.func) return false;
      break;
    case BoundExpr::Kind::Cast:
    case BoundExpr::Kind::If:
      break;
  }
  for (size_t i = 0; i < a.args.size(); ++i)
    if (!sameExpr(a.args[i], b.args[i])) return false;
  return true;
}

}  // namespace popper

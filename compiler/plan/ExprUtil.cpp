// Column bookkeeping on bound expressions (see ExprUtil.h).
#include "compiler/plan/ExprUtil.h"

#include <stdexcept>

namespace popper::plan {

void forEachColumn(const BoundExpr& e, const std::function<void(const BoundExpr&)>& f) {
  if (e.kind == BoundExpr::Kind::Column) f(e);
  for (const BoundExpr& a : e.args) forEachColumn(a, f);
}

void forEachColumn(BoundExpr& e, const std::function<void(BoundExpr&)>& f) {
  if (e.kind == BoundExpr::Kind::Column) f(e);
  for (BoundExpr& a : e.args) forEachColumn(a, f);
}

void markColumns(const BoundExpr& e, std::vector<bool>& used, int input) {
  forEachColumn(e, [&](const BoundExpr& c) {
    if (c.input != input || c.column < 0) return;
    if (static_cast<size_t>(c.column) >= used.size()) used.resize(static_cast<size_t>(c.column) + 1, false);
    used[static_cast<size_t>(c.column)] = true;
  });
}

int maxColumn(const BoundExpr& e, int input) {
  int m = -1;
  forEachColumn(e, [&](const BoundExpr& c) {
    if (c.input == input && c.column > m) m = c.column;
  });
  return m;
}

bool readsOnly(const BoundExpr& e, const std::function<bool(int)>& pred) {
  bool ok = true;
  forEachColumn(e, [&](const BoundExpr& c) {
    if (c.input == 0 && !pred(c.column)) ok = false;
  });
  return ok;
}

void remapColumns(BoundExpr& e, const std::vector<int>& newIndex, int input) {
  forEachColumn(e, [&](BoundExpr& c) {
    if (c.input != input) return;
    if (c.column < 0 || static_cast<size_t>(c.column) >= newIndex.size() ||
        newIndex[static_cast<size_t>(c.column)] < 0)
      throw std::logic_error("remapColumns: expression reads a dropped column");
    c.column = newIndex[static_cast<size_t>(c.column)];
  });
}

void shiftColumns(BoundExpr& e, int delta, int input) {
  forEachColumn(e, [&](BoundExpr& c) {
    if (c.input == input) c.column += delta;
  });
}

namespace {

void splitBy(const BoundExpr& e, ast::BinaryOp op, std::vector<BoundExpr>& parts) {
  if (e.kind == BoundExpr::Kind::Binary && e.binaryOp == op) {
    splitBy(e.args[0], op, parts);
    splitBy(e.args[1], op, parts);
    return;
  }
  parts.push_back(e);
}

}  // namespace

std::vector<BoundExpr> splitConjuncts(const BoundExpr& e) {
  std::vector<BoundExpr> parts;
  splitBy(e, ast::BinaryOp::And, parts);
  return parts;
}

std::vector<BoundExpr> splitDisjuncts(const BoundExpr& e) {
  std::vector<BoundExpr> parts;
  splitBy(e, ast::BinaryOp::Or, parts);
  return parts;
}

BoundExpr joinConjuncts(std::vector<BoundExpr> parts) {
  if (parts.empty()) return makeConst(Literal{true});
  BoundExpr acc = std::move(parts[0]);
  for (size_t i = 1; i < parts.size(); ++i) {
    BoundExpr both;
    both.kind = BoundExpr::Kind::Binary;
    both.type = Type::Bool;
    both.binaryOp = ast::BinaryOp::And;
    both.range = SourceRange::merge(acc.range, parts[i].range);
    both.args.push_back(std::move(acc));
    both.args.push_back(std::move(parts[i]));
    acc = std::move(both);
  }
  return acc;
}

BoundExpr makeColumn(int column, Type type, int input) {
  BoundExpr e;
  e.kind = BoundExpr::Kind::Column;
  e.type = type;
  e.column = column;
  e.input = input;
  return e;
}

BoundExpr makeConst(Literal value) {
  BoundExpr e;
  e.kind = BoundExpr::Kind::Const;
  e.type = value.type();
  e.value = std::move(value);
  return e;
}

bool canRaise(const BoundExpr& e) {
  for (const BoundExpr& a : e.args)
    if (canRaise(a)) return true;
  switch (e.kind) {
    case BoundExpr::Kind::Binary:
      return (e.binaryOp == ast::BinaryOp::Div || e.binaryOp == ast::BinaryOp::Mod) && e.type == Type::Int;
    case BoundExpr::Kind::Call:
      switch (e.func) {
        case BuiltinFunc::ToInt:
        case BuiltinFunc::ToFloat:
        case BuiltinFunc::Abs:
        case BuiltinFunc::Matches:
          return true;
        default:
          return false;
      }
    default:
      return false;
  }
}

}  // namespace popper::plan

// ExprShape: which parts of a bound expression the JIT compiles inline and
// which it leaves to the interpreter. A node is inline when it is numeric or
// boolean and none of its operands is a string: constants, input-0 columns,
// casts, unary/binary operators, AND/OR, IF and the numeric builtins (abs,
// round, floor, ceil, min, max, to_int, to_float). Every other maximal subtree
// of numeric/boolean type is a "leaf": the interpreter evaluates it for the
// batch (so string functions reuse runtime/expr/functions unchanged) and the
// compiled loop reads its dense result, raising the leaf's row error only on
// rows the reference evaluation would reach. No LLVM here.
#pragma once

#include <map>
#include <vector>

#include "compiler/sema/BoundExpr.h"

namespace popper::jit {

struct ExprShape {
  std::map<const BoundExpr*, int> columnSlot;  // inline input-0 column reads -> slot index
  std::vector<int> columns;                    // the input-0 column of each column slot
  std::map<const BoundExpr*, int> leafIndex;   // leaf subtrees -> leaf number
  std::vector<const BoundExpr*> leaves;

  // Slots passed to the compiled function: column data first, then (values, flags) per leaf.
  size_t slotCount() const { return columns.size() + 2 * leaves.size(); }
  int leafValuesSlot(int leaf) const { return static_cast<int>(columns.size()) + 2 * leaf; }
  int leafFlagsSlot(int leaf) const { return leafValuesSlot(leaf) + 1; }
};

// True when `e` itself is compiled inline (its operands may still be leaves).
bool isInline(const BoundExpr& e);

// The shape of `root`, whose pointers refer into `root`. Only meaningful when isInline(root).
ExprShape shapeOf(const BoundExpr& root);

}  // namespace popper::jit

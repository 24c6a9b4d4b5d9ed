// ExprShape: what a compiled expression reads and which helpers it needs.
// Every node kind compiles: numeric and boolean operators inline, strings as
// pointers to std::string_view cells handled by runtime helpers (see
// RuntimeHelpers.h). The shape lists the columns the loop reads (input 0, the
// row, and input 1, a handler's traced row) and the builtin call sites that
// run per row through popper_rt_call. No LLVM here.
#pragma once

#include <map>
#include <vector>

#include "compiler/sema/BoundExpr.h"

namespace popper::jit {

struct ExprShape {
  struct ColumnRef {
    int input = 0;  // 0: the row; 1: the traced row
    int column = -1;
  };
  // Fixed slots of the compiled call: the HelperContext, and the traced row
  // index of each dense position (null unless the expression reads input 1).
  static constexpr int kContextSlot = 0;
  static constexpr int kTracedIndexSlot = 1;
  static constexpr int kFirstColumnSlot = 2;

  std::map<const BoundExpr*, int> columnSlot;  // column reads -> slot index
  std::vector<ColumnRef> columns;              // the column of slot kFirstColumnSlot + k
  std::map<const BoundExpr*, int> callSite;    // per-row builtin calls -> HelperContext::calls index
  std::vector<const BoundExpr*> calls;
  bool readsTraced = false;

  size_t slotCount() const { return kFirstColumnSlot + columns.size(); }
};

// The shape of `root`, whose pointers refer into `root`.
ExprShape shapeOf(const BoundExpr& root);

}  // namespace popper::jit

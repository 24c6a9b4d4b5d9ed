// Column bookkeeping on bound expressions, shared by the lowering, the
// optimizer passes and the verifier: which columns an expression reads, and
// re-indexing them when the schema underneath changes.
#pragma once

#include <functional>
#include <vector>

#include "common/Schema.h"
#include "compiler/sema/BoundExpr.h"

namespace popper::plan {

// Calls f on every Column node of the expression (pre-order).
void forEachColumn(const BoundExpr& e, const std::function<void(const BoundExpr&)>& f);
void forEachColumn(BoundExpr& e, const std::function<void(BoundExpr&)>& f);

// Marks used[c] for every column c of `input` (0 = the row, 1 = a traced row)
// the expression reads; grows `used` as needed.
void markColumns(const BoundExpr& e, std::vector<bool>& used, int input = 0);
// Highest column index of `input` read, or -1.
int maxColumn(const BoundExpr& e, int input = 0);
// True if every column read (of input 0) satisfies pred.
bool readsOnly(const BoundExpr& e, const std::function<bool(int)>& pred);

// Rewrites every column c of `input` to newIndex[c]; a column mapped to -1 is
// a programmer error (std::logic_error).
void remapColumns(BoundExpr& e, const std::vector<int>& newIndex, int input = 0);
// Adds delta to every column index of `input`.
void shiftColumns(BoundExpr& e, int delta, int input = 0);

// Splits a conjunction into its AND-ed parts (left to right), and joins parts back.
std::vector<BoundExpr> splitConjuncts(const BoundExpr& e);
BoundExpr joinConjuncts(std::vector<BoundExpr> parts);
// Splits a disjunction into its OR-ed parts (left to right).
std::vector<BoundExpr> splitDisjuncts(const BoundExpr& e);

BoundExpr makeColumn(int column, Type type, int input = 0);
BoundExpr makeConst(Literal value);

// True if evaluating the expression can raise a row error (integer division or
// remainder, conversions, abs, regular expressions): such expressions are never
// folded away or evaluated where they were not evaluated before.
bool canRaise(const BoundExpr& e);

}  // namespace popper::plan

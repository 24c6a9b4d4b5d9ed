// Binds relations (EXTRACT, SELECT, PROCESS, REDUCE, COMBINE, UNION, HANDLE)
// into BoundRelations with their schemas, nested relations first so the
// program's relation list stays topological. One file per relation family:
// RelationBinder.cpp (sources, EXTRACT, PROCESS, REDUCE, COMBINE, UNION),
// SelectBinder.cpp, HandleBinder.cpp.
#pragma once

#include <string>

#include "compiler/sema/ExprBinder.h"
#include "compiler/sema/SemaContext.h"

namespace popper::sema {

class RelationBinder {
 public:
  explicit RelationBinder(SemaContext& ctx) : ctx_(ctx) {}

  // Binds `rel`, named `name` ("" for a nested relation); returns its id.
  RelId bind(const ast::Relation& rel, const std::string& name);
  // A rowset reference (marked used) or a nested relation; id -1 if it failed.
  BoundSource bindSource(const ast::Source& source);
  // The scope that reads `source`'s rows as BoundExpr input `input`.
  ScopeInput scopeInput(const BoundSource& source, int input = 0, int offset = 0) const;

 private:
  RelId bindExtract(const ast::ExtractRel& rel, BoundRelation out);
  RelId bindSelect(const ast::SelectRel& rel, BoundRelation out);
  RelId bindProcess(const ast::ProcessRel& rel, BoundRelation out);
  RelId bindReduce(const ast::ReduceRel& rel, BoundRelation out);
  RelId bindCombine(const ast::CombineRel& rel, BoundRelation out);
  RelId bindUnion(const ast::UnionRel& rel, BoundRelation out);
  RelId bindHandle(const ast::HandleRel& rel, BoundRelation out);

  SemaContext& ctx_;
};

// Splits `a AND b AND c` into its conjuncts.
void splitConjuncts(const ast::Expr& expr, std::vector<const ast::Expr*>& out);

// Equi-join keys of an ON condition bound over the joined row (left columns
// then `leftWidth`.. right ones): conjuncts `l == r` with one side reading
// only the left row and the other only the right row. Keys come back over
// their own side's row; the other conjuncts are returned in `residual`.
struct EquiSplit {
  std::vector<BoundExpr> leftKeys, rightKeys;
  std::vector<BoundExpr> residual;
  bool failed = false;  // a conjunct had an error (reported)
};
EquiSplit splitEquiJoin(SemaContext& ctx, const ast::Expr& on, const ExprScope& joinedScope, int leftWidth);

// A path literal or the value of a string @param ("" after an error, reported).
std::string resolvePath(SemaContext& ctx, const ast::PathRef& path);

}  // namespace popper::sema

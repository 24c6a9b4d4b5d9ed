// Binds and types one AST expression against the columns in scope: resolves
// names (`col`, `t.col`, `@param`), checks every operator and built-in call,
// and makes int->float widening explicit. Errors are reported once, on the
// precise range; a sub-expression that failed yields nullopt and its parents
// stay quiet about it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compiler/sema/SemaContext.h"

namespace popper::sema {

// One relation whose columns an expression may read.
struct ScopeInput {
  std::vector<std::string> qualifiers;  // names accepted before '.'
  const Schema* schema = nullptr;
  const RelationState* state = nullptr;
  int input = 0;            // BoundExpr::input
  int offset = 0;           // added to column indices (the right side of a join)
  bool unqualified = true;  // visible without a qualifier
  std::string display;      // for messages: "'lines'"
};

struct ExprScope {
  std::vector<ScopeInput> inputs;
  // Where the expression sits, for "aggregate function 'x' is not allowed in WHERE".
  std::string clause = "this expression";
};

class ExprBinder {
 public:
  // Called before the default rule for every sub-expression; returning a value
  // (even nullopt-in-optional for a reported error) replaces the default.
  using Intercept = std::function<std::optional<std::optional<BoundExpr>>(const ast::Expr&)>;

  ExprBinder(SemaContext& ctx, const ExprScope& scope, DiagnosticEngine* diags = nullptr)
      : ctx_(ctx), scope_(scope), diags_(diags ? *diags : ctx.diags) {}

  void setIntercept(Intercept intercept) { intercept_ = std::move(intercept); }

  std::optional<BoundExpr> bind(const ast::Expr& expr);
  // bind() and require a bool result: "WHERE condition must be bool, got int".
  std::optional<BoundExpr> bindCondition(const ast::Expr& expr, const std::string& what);

  // Resolves a column reference; reports unknown/ambiguous names.
  std::optional<BoundExpr> bindColumn(const ast::ColumnExpr& column, SourceRange range);

 private:
  std::optional<BoundExpr> bindDefault(const ast::Expr& expr);
  std::optional<BoundExpr> bindUnary(const ast::UnaryExpr& e, SourceRange range);
  std::optional<BoundExpr> bindBinary(const ast::BinaryExpr& e, SourceRange range);
  std::optional<BoundExpr> bindIf(const ast::IfExpr& e, SourceRange range);
  std::optional<BoundExpr> bindCall(const ast::CallExpr& e, SourceRange range);
  std::optional<BoundExpr> bindParam(const ast::ParamExpr& e, SourceRange range);

  SemaContext& ctx_;
  const ExprScope& scope_;
  DiagnosticEngine& diags_;
  Intercept intercept_;
};

// Helpers shared by the relation binders.
BoundExpr makeConst(const Literal& value, SourceRange range);
BoundExpr makeColumn(int input, int column, Type type, SourceRange range);
// Wraps `e` in a Cast to float when it is an int and `to` is float.
BoundExpr widenTo(BoundExpr e, Type to);
const char* binaryOpText(ast::BinaryOp op);
// The AST node as a `CallExpr` if it is a call to an aggregate.
const ast::CallExpr* asAggregateCall(const ast::Expr& expr);

}  // namespace popper::sema

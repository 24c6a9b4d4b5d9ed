// The typed transformer from ANTLR parse trees to the plain AST: one buildX
// per grammar rule (as Kùzu's transformer), no antlrcpp::Any visitors. Every
// node gets its exact byte range; literals are decoded here.
#pragma once

#include <optional>

#include "PopperParser.h"
#include "compiler/ast/Ast.h"
#include "compiler/diag/Diagnostic.h"

namespace popper::parse {

// Beyond this depth an expression tree is refused: later stages walk it
// recursively, and left-deep chains (a + b + c ...) parse without recursion in
// ANTLR, so the token-level nesting limit does not see them.
constexpr size_t kMaxExpressionDepth = 1000;

class AstBuilder {
 public:
  using P = grammar::PopperParser;

  AstBuilder(const SourceFile& file, DiagnosticEngine& diags) : file_(file), diags_(diags) {}

  // Returns nullopt when the statement has to be dropped (the error is reported).
  std::optional<ast::Statement> buildStatement(P::StatementContext& ctx);

 private:
  ast::ParamStmt buildParamStmt(P::ParamStmtContext& ctx);
  ast::SetStmt buildSetStmt(P::SetStmtContext& ctx);
  ast::ImportStmt buildImportStmt(P::ImportStmtContext& ctx);
  ast::AssignStmt buildAssignStmt(P::AssignStmtContext& ctx);
  ast::OutputStmt buildOutputStmt(P::OutputStmtContext& ctx);
  ast::OrderItem buildOrderItem(P::OrderItemContext& ctx);

  ast::RelationPtr buildRelation(P::RelationContext& ctx);
  ast::ExtractRel buildExtractRel(P::ExtractRelContext& ctx);
  ast::SelectRel buildSelectRel(P::SelectRelContext& ctx);
  ast::ProcessRel buildProcessRel(P::ProcessRelContext& ctx);
  ast::ReduceRel buildReduceRel(P::ReduceRelContext& ctx);
  ast::CombineRel buildCombineRel(P::CombineRelContext& ctx);
  ast::UnionRel buildUnionRel(P::UnionRelContext& ctx);
  ast::HandleRel buildHandleRel(P::HandleRelContext& ctx);
  ast::Action buildAction(P::ActionContext& ctx);
  ast::Assignment buildAssignment(P::AssignmentContext& ctx);
  ast::Source buildSource(P::SourceContext& ctx);

  ast::ColumnDef buildColumnDef(P::ColumnDefContext& ctx);
  ast::Ident buildTypeName(P::TypeNameContext& ctx);
  ast::PathRef buildPathRef(P::PathRefContext& ctx);
  ast::OpCall buildOpCall(P::OpCallContext& ctx);
  ast::OpArg buildOpArg(P::OpArgContext& ctx);
  ast::ArgValue buildArgValue(P::ArgValueContext& ctx);
  ast::SelectItem buildSelectItem(P::SelectItemContext& ctx);

  ast::ExprPtr buildExpr(P::ExprContext& ctx);
  ast::ExprPtr buildExprNode(P::ExprContext& ctx);
  ast::ExprPtr buildNegate(P::NegateExprContext& ctx);
  ast::ExprPtr buildBinary(P::ExprContext& ctx, ast::BinaryOp op, P::ExprContext& lhs, P::ExprContext& rhs);
  ast::ExprPtr buildPrimary(P::PrimaryContext& ctx);
  Literal buildLiteral(P::LiteralContext& ctx);
  Literal buildSignedLiteral(P::SignedLiteralContext& ctx);
  ast::Ident buildIdent(P::IdentContext& ctx);

  // Decoding of single tokens shared by the literal rules.
  Literal decodeNumber(antlr4::Token& number, bool negative, SourceRange range);
  std::string decodeString(antlr4::Token& string);

  SourceRange rangeOf(antlr4::ParserRuleContext& ctx) const;
  static SourceRange rangeOf(antlr4::Token& token);

  const SourceFile& file_;
  DiagnosticEngine& diags_;
  size_t exprDepth_ = 0;
  std::optional<SourceRange> tooDeep_;  // where kMaxExpressionDepth was exceeded
};

}  // namespace popper::parse

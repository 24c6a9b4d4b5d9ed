// Parse tree -> AST, one function per grammar rule.
#include "compiler/parse/AstBuilder.h"

#include <cctype>

#include "compiler/parse/LiteralDecoding.h"

namespace popper::parse {

namespace {

using P = grammar::PopperParser;
using antlr4::tree::TerminalNode;

// The child at `index` of a successfully parsed rule, whose grammar puts a T there.
template <typename T>
T& ruleAt(antlr4::ParserRuleContext& ctx, size_t index) {
  return *static_cast<T*>(ctx.children[index]);
}

// The token type of the child at `index`, which the grammar makes a token.
size_t tokenTypeAt(antlr4::ParserRuleContext& ctx, size_t index) {
  return static_cast<TerminalNode*>(ctx.children[index])->getSymbol()->getType();
}

template <typename T>
ast::ExprPtr makeExpr(SourceRange range, T node) {
  auto expr = std::make_unique<ast::Expr>();
  expr->range = range;
  expr->node = std::move(node);
  return expr;
}

ast::BinaryOp binaryOpOf(size_t tokenType) {
  switch (tokenType) {
    case P::STAR:
      return ast::BinaryOp::Mul;
    case P::SLASH:
      return ast::BinaryOp::Div;
    case P::PERCENT:
      return ast::BinaryOp::Mod;
    case P::PLUS:
      return ast::BinaryOp::Add;
    case P::MINUS:
      return ast::BinaryOp::Sub;
    case P::EQ:
      return ast::BinaryOp::Eq;
    case P::NEQ:
      return ast::BinaryOp::Ne;
    case P::LT:
      return ast::BinaryOp::Lt;
    case P::LTE:
      return ast::BinaryOp::Le;
    case P::GT:
      return ast::BinaryOp::Gt;
    case P::GTE:
      return ast::BinaryOp::Ge;
    case P::AND:
      return ast::BinaryOp::And;
    default:
      return ast::BinaryOp::Or;
  }
}

}  // namespace

// ---------------------------------------------------------------- statements

std::optional<ast::Statement> AstBuilder::buildStatement(P::StatementContext& ctx) {
  exprDepth_ = 0;
  tooDeep_.reset();
  ast::Statement stmt;
  stmt.range = rangeOf(ctx);
  if (auto* param = ctx.paramStmt())
    stmt.node = buildParamStmt(*param);
  else if (auto* set = ctx.setStmt())
    stmt.node = buildSetStmt(*set);
  else if (auto* import = ctx.importStmt())
    stmt.node = buildImportStmt(*import);
  else if (auto* assign = ctx.assignStmt())
    stmt.node = buildAssignStmt(*assign);
  else
    stmt.node = buildOutputStmt(*ctx.outputStmt());
  if (tooDeep_) {
    diags_.error(*tooDeep_, "expression nested too deeply");
    return std::nullopt;
  }
  return stmt;
}

ast::ParamStmt AstBuilder::buildParamStmt(P::ParamStmtContext& ctx) {
  ast::ParamStmt stmt;
  stmt.name = buildIdent(*ctx.ident());
  stmt.typeName = buildTypeName(*ctx.typeName());
  if (auto* value = ctx.signedLiteral()) {
    stmt.defaultValue = buildSignedLiteral(*value);
    stmt.defaultRange = rangeOf(*value);
  }
  return stmt;
}

ast::SetStmt AstBuilder::buildSetStmt(P::SetStmtContext& ctx) {
  return {buildIdent(*ctx.ident()), buildSignedLiteral(*ctx.signedLiteral()), rangeOf(*ctx.signedLiteral())};
}

ast::ImportStmt AstBuilder::buildImportStmt(P::ImportStmtContext& ctx) {
  antlr4::Token& path = *ctx.STRING()->getSymbol();
  return {decodeString(path), rangeOf(path)};
}

ast::AssignStmt AstBuilder::buildAssignStmt(P::AssignStmtContext& ctx) {
  return {buildIdent(*ctx.ident()), buildRelation(*ctx.relation())};
}

ast::OutputStmt AstBuilder::buildOutputStmt(P::OutputStmtContext& ctx) {
  ast::OutputStmt stmt;
  stmt.input = buildSource(*ctx.source());
  stmt.path = buildPathRef(*ctx.pathRef());
  stmt.outputter = buildOpCall(*ctx.opCall());
  for (auto* item : ctx.orderItem()) stmt.orderBy.push_back(buildOrderItem(*item));
  if (auto* evaluate = ctx.evaluateClause()) {
    ast::EvaluateClause clause;
    clause.groundTruth = buildPathRef(*evaluate->pathRef());
    for (auto* column : evaluate->ident()) clause.on.push_back(buildIdent(*column));
    clause.range = rangeOf(*evaluate);
    stmt.evaluate = std::move(clause);
  }
  return stmt;
}

ast::OrderItem AstBuilder::buildOrderItem(P::OrderItemContext& ctx) {
  return {buildExpr(*ctx.expr()), ctx.DESC() != nullptr, rangeOf(ctx)};
}

// ---------------------------------------------------------------- relations

ast::RelationPtr AstBuilder::buildRelation(P::RelationContext& ctx) {
  auto rel = std::make_unique<ast::Relation>();
  rel->range = rangeOf(ctx);
  if (auto* extract = ctx.extractRel())
    rel->node = buildExtractRel(*extract);
  else if (auto* select = ctx.selectRel())
    rel->node = buildSelectRel(*select);
  else if (auto* process = ctx.processRel())
    rel->node = buildProcessRel(*process);
  else if (auto* reduce = ctx.reduceRel())
    rel->node = buildReduceRel(*reduce);
  else if (auto* combine = ctx.combineRel())
    rel->node = buildCombineRel(*combine);
  else if (auto* unite = ctx.unionRel())
    rel->node = buildUnionRel(*unite);
  else
    rel->node = buildHandleRel(*ctx.handleRel());
  return rel;
}

ast::ExtractRel AstBuilder::buildExtractRel(P::ExtractRelContext& ctx) {
  ast::ExtractRel rel;
  for (auto* column : ctx.columnDef()) rel.columns.push_back(buildColumnDef(*column));
  rel.path = buildPathRef(*ctx.pathRef());
  rel.extractor = buildOpCall(*ctx.opCall());
  return rel;
}

ast::SelectRel AstBuilder::buildSelectRel(P::SelectRelContext& ctx) {
  ast::SelectRel rel;
  for (auto* item : ctx.selectItem()) rel.items.push_back(buildSelectItem(*item));
  rel.from = buildSource(*ctx.source(0));
  if (ctx.JOIN()) rel.join = ast::JoinClause{buildSource(*ctx.source(1)), nullptr};
  // The clauses' expressions come in one list; the keyword before each one
  // says which clause it belongs to.
  size_t clause = 0;
  for (antlr4::tree::ParseTree* child : ctx.children) {
    if (auto* terminal = dynamic_cast<TerminalNode*>(child)) {
      size_t type = terminal->getSymbol()->getType();
      if (type == P::ON || type == P::WHERE || type == P::BY || type == P::HAVING) clause = type;
      continue;
    }
    auto* expr = dynamic_cast<P::ExprContext*>(child);
    if (!expr) continue;
    switch (clause) {
      case P::ON:
        rel.join->on = buildExpr(*expr);
        break;
      case P::WHERE:
        rel.where = buildExpr(*expr);
        break;
      case P::BY:
        rel.groupBy.push_back(buildExpr(*expr));
        break;
      case P::HAVING:
        rel.having = buildExpr(*expr);
        break;
      default:
        break;
    }
  }
  return rel;
}

ast::ProcessRel AstBuilder::buildProcessRel(P::ProcessRelContext& ctx) {
  ast::ProcessRel rel;
  rel.input = buildSource(*ctx.source());
  rel.processor = buildOpCall(*ctx.opCall());
  for (auto* column : ctx.columnDef()) rel.produce.push_back(buildColumnDef(*column));
  return rel;
}

ast::ReduceRel AstBuilder::buildReduceRel(P::ReduceRelContext& ctx) {
  ast::ReduceRel rel;
  rel.input = buildSource(*ctx.source());
  for (auto* key : ctx.ident()) rel.on.push_back(buildIdent(*key));
  rel.reducer = buildOpCall(*ctx.opCall());
  for (auto* column : ctx.columnDef()) rel.produce.push_back(buildColumnDef(*column));
  return rel;
}

ast::CombineRel AstBuilder::buildCombineRel(P::CombineRelContext& ctx) {
  ast::CombineRel rel;
  rel.left = buildSource(*ctx.source(0));
  rel.right = buildSource(*ctx.source(1));
  rel.on = buildExpr(*ctx.expr());
  rel.combiner = buildOpCall(*ctx.opCall());
  for (auto* column : ctx.columnDef()) rel.produce.push_back(buildColumnDef(*column));
  return rel;
}

ast::UnionRel AstBuilder::buildUnionRel(P::UnionRelContext& ctx) {
  ast::UnionRel rel;
  for (auto* source : ctx.source()) rel.inputs.push_back(buildSource(*source));
  return rel;
}

ast::HandleRel AstBuilder::buildHandleRel(P::HandleRelContext& ctx) {
  ast::HandleRel rel;
  rel.input = buildSource(*ctx.source());
  rel.detect = buildExpr(*ctx.expr());
  for (auto* action : ctx.action()) rel.actions.push_back(buildAction(*action));
  if (auto* retry = ctx.INT()) {
    antlr4::Token& count = *retry->getSymbol();
    antlr4::tree::TerminalNode* minus = ctx.MINUS();
    rel.retryRange = rangeOf(count);
    if (minus) rel.retryRange.begin = rangeOf(*minus->getSymbol()).begin;
    Literal value = decodeNumber(count, minus != nullptr, rel.retryRange);
    rel.retry = value.asInt();
  }
  if (ctx.policy) {
    rel.eventuallyGiven = true;
    switch (ctx.policy->getType()) {
      case P::PASS:
        rel.eventually = ast::Eventually::Pass;
        break;
      case P::DROP:
        rel.eventually = ast::Eventually::Drop;
        break;
      default:
        rel.eventually = ast::Eventually::Reject;
        break;
    }
  }
  return rel;
}

ast::Action AstBuilder::buildAction(P::ActionContext& ctx) {
  ast::Action action;
  action.range = rangeOf(ctx);
  if (auto* edit = dynamic_cast<P::EditSetActionContext*>(&ctx)) {
    action.kind = ast::ActionKind::EditSet;
    action.target = buildIdent(*edit->ident());
    for (auto* assignment : edit->assignment()) action.assignments.push_back(buildAssignment(*assignment));
  } else if (auto* rerun = dynamic_cast<P::EditUsingActionContext*>(&ctx)) {
    action.kind = ast::ActionKind::EditUsing;
    action.target = buildIdent(*rerun->ident());
    action.op = buildOpCall(*rerun->opCall());
  } else if (auto* append = dynamic_cast<P::AppendActionContext*>(&ctx)) {
    action.kind = ast::ActionKind::Append;
    action.target = buildIdent(*append->ident());
    for (auto* assignment : append->assignment()) action.assignments.push_back(buildAssignment(*assignment));
  } else {
    action.kind = ast::ActionKind::Delete;
    action.target = buildIdent(*static_cast<P::DeleteActionContext&>(ctx).ident());
  }
  return action;
}

ast::Assignment AstBuilder::buildAssignment(P::AssignmentContext& ctx) {
  return {buildIdent(*ctx.ident()), buildExpr(*ctx.expr())};
}

ast::Source AstBuilder::buildSource(P::SourceContext& ctx) {
  ast::Source source;
  source.range = rangeOf(ctx);
  if (auto* named = dynamic_cast<P::NamedSourceContext*>(&ctx)) {
    source.name = buildIdent(*named->ident(0));
    if (named->AS()) source.alias = buildIdent(*named->ident(1));
  } else {
    auto& nested = static_cast<P::NestedSourceContext&>(ctx);
    source.nested = buildRelation(*nested.relation());
    if (nested.AS()) source.alias = buildIdent(*nested.ident());
  }
  return source;
}

// ---------------------------------------------------------------- shared pieces

ast::ColumnDef AstBuilder::buildColumnDef(P::ColumnDefContext& ctx) {
  ast::ColumnDef column;
  column.name = buildIdent(*ctx.ident());
  column.typeName = buildTypeName(*ctx.typeName());
  if (auto* value = ctx.signedLiteral()) {
    column.defaultValue = buildSignedLiteral(*value);
    column.defaultRange = rangeOf(*value);
  }
  column.range = rangeOf(ctx);
  return column;
}

ast::Ident AstBuilder::buildTypeName(P::TypeNameContext& ctx) { return buildIdent(*ctx.ident()); }

ast::PathRef AstBuilder::buildPathRef(P::PathRefContext& ctx) {
  ast::PathRef path;
  path.range = rangeOf(ctx);
  if (auto* string = ctx.STRING()) {
    path.path = decodeString(*string->getSymbol());
  } else {
    path.isParam = true;
    path.path = buildIdent(*ctx.ident()).name;
  }
  return path;
}

ast::OpCall AstBuilder::buildOpCall(P::OpCallContext& ctx) {
  ast::OpCall call;
  call.op = buildIdent(*ctx.ident());
  for (auto* arg : ctx.opArg()) call.args.push_back(buildOpArg(*arg));
  call.range = rangeOf(ctx);
  return call;
}

ast::OpArg AstBuilder::buildOpArg(P::OpArgContext& ctx) {
  P::ArgNameContext& name = *ctx.argName();
  if (name.ident()) return {buildIdent(*name.ident()), buildArgValue(*ctx.argValue())};
  // A keyword used as an argument name: keywords are case-insensitive, so is this name.
  std::string text = name.getText();
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return {ast::Ident{std::move(text), rangeOf(name)}, buildArgValue(*ctx.argValue())};
}

ast::ArgValue AstBuilder::buildArgValue(P::ArgValueContext& ctx) {
  ast::ArgValue value;
  value.range = rangeOf(ctx);
  if (auto* literal = ctx.signedLiteral()) {
    value.kind = ast::ArgValue::Kind::Literal;
    value.literal = buildSignedLiteral(*literal);
  } else {
    value.kind = ctx.AT() ? ast::ArgValue::Kind::Param : ast::ArgValue::Kind::Column;
    value.name = buildIdent(*ctx.ident());
  }
  return value;
}

ast::SelectItem AstBuilder::buildSelectItem(P::SelectItemContext& ctx) {
  ast::SelectItem item;
  item.range = rangeOf(ctx);
  if (dynamic_cast<P::StarItemContext*>(&ctx)) {
    item.kind = ast::SelectItem::Kind::Star;
  } else if (auto* qualified = dynamic_cast<P::QualifiedStarItemContext*>(&ctx)) {
    item.kind = ast::SelectItem::Kind::QualifiedStar;
    item.qualifier = buildIdent(*qualified->ident());
  } else {
    auto& exprItem = static_cast<P::ExprItemContext&>(ctx);
    item.kind = ast::SelectItem::Kind::Expr;
    item.expr = buildExpr(*exprItem.expr());
    if (exprItem.AS()) item.alias = buildIdent(*exprItem.ident());
  }
  return item;
}

// ---------------------------------------------------------------- expressions

ast::ExprPtr AstBuilder::buildExpr(P::ExprContext& ctx) {
  if (tooDeep_ || exprDepth_ >= kMaxExpressionDepth) {
    if (!tooDeep_) tooDeep_ = rangeOf(ctx);
    return makeExpr(rangeOf(ctx), ast::LiteralExpr{Literal{false}});  // the statement is dropped
  }
  ++exprDepth_;
  ast::ExprPtr expr = buildExprNode(ctx);
  --exprDepth_;
  return expr;
}

// Expressions are most of a workflow's parse tree, so their builders reach
// children by position (the grammar fixes each alternative's shape, and only
// error-free trees are built) instead of the generated accessors, whose
// dynamic_casts across the ANTLR class hierarchy dominated build time.
ast::ExprPtr AstBuilder::buildExprNode(P::ExprContext& ctx) {
  switch (ctx.children.size()) {
    case 1:  // primary
      return buildPrimary(ruleAt<P::PrimaryContext>(ctx, 0));
    case 2:  // '-' expr | NOT expr
      if (ctx.getStart()->getType() == P::MINUS) return buildNegate(static_cast<P::NegateExprContext&>(ctx));
      return makeExpr(rangeOf(ctx),
                      ast::UnaryExpr{ast::UnaryOp::Not, buildExpr(ruleAt<P::ExprContext>(ctx, 1))});
    default:  // expr op expr
      return buildBinary(ctx, binaryOpOf(tokenTypeAt(ctx, 1)), ruleAt<P::ExprContext>(ctx, 0),
                         ruleAt<P::ExprContext>(ctx, 2));
  }
}

// A minus written directly before a number literal folds into a negative
// literal, so that -9223372036854775808 is an int.
ast::ExprPtr AstBuilder::buildNegate(P::NegateExprContext& ctx) {
  auto& operand = ruleAt<P::ExprContext>(ctx, 1);
  size_t operandStart = operand.getStart()->getType();
  if (operand.children.size() == 1 && (operandStart == P::INT || operandStart == P::FLOAT)) {
    SourceRange range = rangeOf(ctx);
    return makeExpr(range, ast::LiteralExpr{decodeNumber(*operand.getStart(), true, range)});
  }
  return makeExpr(rangeOf(ctx), ast::UnaryExpr{ast::UnaryOp::Negate, buildExpr(operand)});
}

ast::ExprPtr AstBuilder::buildBinary(P::ExprContext& ctx, ast::BinaryOp op, P::ExprContext& lhs,
                                     P::ExprContext& rhs) {
  ast::ExprPtr left = buildExpr(lhs);
  ast::ExprPtr right = buildExpr(rhs);
  return makeExpr(rangeOf(ctx), ast::BinaryExpr{op, std::move(left), std::move(right)});
}

ast::ExprPtr AstBuilder::buildPrimary(P::PrimaryContext& ctx) {
  SourceRange range = rangeOf(ctx);
  switch (ctx.getStart()->getType()) {
    case P::LPAREN: {  // '(' expr ')'
      ast::ExprPtr inner = buildExpr(ruleAt<P::ExprContext>(ctx, 1));
      inner->range = range;  // include the parentheses, for diagnostics on the operand
      return inner;
    }
    case P::IF: {  // IF '(' expr ',' expr ',' expr ')'
      ast::ExprPtr cond = buildExpr(ruleAt<P::ExprContext>(ctx, 2));
      ast::ExprPtr then = buildExpr(ruleAt<P::ExprContext>(ctx, 4));
      ast::ExprPtr otherwise = buildExpr(ruleAt<P::ExprContext>(ctx, 6));
      return makeExpr(range, ast::IfExpr{std::move(cond), std::move(then), std::move(otherwise)});
    }
    case P::AT:  // '@' ident
      return makeExpr(range, ast::ParamExpr{buildIdent(ruleAt<P::IdentContext>(ctx, 1))});
    case P::IDENT:
      break;
    default:  // literal
      return makeExpr(range, ast::LiteralExpr{buildLiteral(ruleAt<P::LiteralContext>(ctx, 0))});
  }
  ast::Ident first = buildIdent(ruleAt<P::IdentContext>(ctx, 0));
  if (ctx.children.size() == 1) return makeExpr(range, ast::ColumnExpr{std::nullopt, std::move(first)});
  if (tokenTypeAt(ctx, 1) == P::DOT)  // ident '.' ident
    return makeExpr(range, ast::ColumnExpr{std::move(first), buildIdent(ruleAt<P::IdentContext>(ctx, 2))});
  // ident '(' ('*' | expr (',' expr)*)? ')': arguments at even positions from 2.
  ast::CallExpr call;
  call.function = std::move(first);
  call.starArg = static_cast<P::CallPrimaryContext&>(ctx).starArg != nullptr;
  if (!call.starArg)
    for (size_t i = 2; i + 1 < ctx.children.size(); i += 2)
      call.args.push_back(buildExpr(ruleAt<P::ExprContext>(ctx, i)));
  return makeExpr(range, std::move(call));
}

Literal AstBuilder::buildLiteral(P::LiteralContext& ctx) {
  antlr4::Token& token = *ctx.getStart();
  switch (token.getType()) {
    case P::STRING:
      return Literal{decodeString(token)};
    case P::TRUE:
      return Literal{true};
    case P::FALSE:
      return Literal{false};
    default:
      return decodeNumber(token, false, rangeOf(ctx));
  }
}

Literal AstBuilder::buildSignedLiteral(P::SignedLiteralContext& ctx) {
  if (auto* string = ctx.STRING()) return Literal{decodeString(*string->getSymbol())};
  if (ctx.TRUE()) return Literal{true};
  if (ctx.FALSE()) return Literal{false};
  TerminalNode* number = ctx.INT() ? ctx.INT() : ctx.FLOAT();
  return decodeNumber(*number->getSymbol(), ctx.MINUS() != nullptr, rangeOf(ctx));
}

ast::Ident AstBuilder::buildIdent(P::IdentContext& ctx) {
  SourceRange range = rangeOf(ctx);
  return {file_.text().substr(range.begin, range.end - range.begin), range};
}

// ---------------------------------------------------------------- tokens

Literal AstBuilder::decodeNumber(antlr4::Token& number, bool negative, SourceRange range) {
  SourceRange tokenRange = rangeOf(number);
  std::string_view text =
      std::string_view(file_.text()).substr(tokenRange.begin, tokenRange.end - tokenRange.begin);
  if (number.getType() == P::INT) {
    // An error was reported; 0 stands in so the statement can still be checked.
    return Literal{decodeIntLiteral(text, negative, range, diags_).value_or(0)};
  }
  return Literal{decodeFloatLiteral(text, negative, range, diags_).value_or(0.0)};
}

std::string AstBuilder::decodeString(antlr4::Token& string) {
  SourceRange range = rangeOf(string);
  std::string_view text = std::string_view(file_.text()).substr(range.begin, range.end - range.begin);
  return decodeStringLiteral(text, range.begin, diags_);
}

SourceRange AstBuilder::rangeOf(antlr4::ParserRuleContext& ctx) const {
  antlr4::Token* start = ctx.getStart();
  antlr4::Token* stop = ctx.getStop();
  auto begin = static_cast<uint32_t>(start ? start->getStartIndex() : 0);
  if (!stop || stop->getType() == antlr4::Token::EOF || stop->getStopIndex() + 1 < begin)
    return {begin, begin};
  return {begin, static_cast<uint32_t>(stop->getStopIndex() + 1)};
}

SourceRange AstBuilder::rangeOf(antlr4::Token& token) {
  return {static_cast<uint32_t>(token.getStartIndex()), static_cast<uint32_t>(token.getStopIndex() + 1)};
}

}  // namespace popper::parse

// Composing syntax error messages from the offending token, the tokens the
// grammar would have accepted there and the rule being parsed.
#include "compiler/parse/SyntaxErrorListener.h"

#include "PopperParser.h"
#include "compiler/parse/SyntaxMessages.h"
#include "compiler/parse/TokenChecks.h"

namespace popper::parse {

using P = grammar::PopperParser;

namespace {

SourceRange tokenRange(const antlr4::Token& token, size_t textSize) {
  if (token.getType() == antlr4::Token::EOF) return {uint32_t(textSize), uint32_t(textSize)};
  return {static_cast<uint32_t>(token.getStartIndex()), static_cast<uint32_t>(token.getStopIndex() + 1)};
}

// An empty range just after the token before `offending`: where a missing ';'
// or ')' belongs.
SourceRange afterPreviousToken(antlr4::Recognizer* recognizer, const antlr4::Token& offending,
                               size_t textSize) {
  auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
  size_t index = offending.getTokenIndex();
  if (!parser || index == 0 || index == static_cast<size_t>(-1)) return tokenRange(offending, textSize);
  antlr4::Token* previous = parser->getTokenStream()->get(index - 1);
  auto end = static_cast<uint32_t>(previous->getStopIndex() + 1);
  return {end, end};
}

size_t previousTokenType(antlr4::Recognizer* recognizer, const antlr4::Token& token) {
  auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
  size_t index = token.getTokenIndex();
  if (!parser || index == 0 || index == static_cast<size_t>(-1)) return antlr4::Token::INVALID_TYPE;
  return parser->getTokenStream()->get(index - 1)->getType();
}

// The innermost '(' still open before `offending`, scanning back no further
// than the start of the statement.
std::optional<SourceRange> unmatchedParen(antlr4::Recognizer* recognizer, const antlr4::Token& offending) {
  auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
  size_t index = offending.getTokenIndex();
  if (!parser || index == static_cast<size_t>(-1)) return std::nullopt;
  antlr4::TokenStream& tokens = *parser->getTokenStream();
  size_t depth = 0;
  while (index-- > 0) {
    antlr4::Token& token = *tokens.get(index);
    size_t type = token.getType();
    if (type == P::SEMI) break;
    if (type == P::RPAREN) ++depth;
    if (type == P::LPAREN && depth-- == 0) return tokenRange(token, 0);
  }
  return std::nullopt;
}

}  // namespace

void SyntaxErrorListener::syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offendingSymbol, size_t,
                                      size_t, const std::string&, std::exception_ptr e) {
  if (error_ || !offendingSymbol) return;  // one error per statement
  error_ = Reported{explain(recognizer, offendingSymbol, e), offendingSymbol->getTokenIndex()};
}

std::optional<SyntaxErrorListener::Reported> SyntaxErrorListener::takeError() {
  std::optional<Reported> out = std::move(error_);
  error_.reset();
  return out;
}

SyntaxError SyntaxErrorListener::explain(antlr4::Recognizer* recognizer, antlr4::Token* offending,
                                         std::exception_ptr e) const {
  if (auto it = tokenErrors_.find(offending->getTokenIndex()); it != tokenErrors_.end()) return it->second;
  if (auto lexical = lexicalError(*offending, file_.text())) return *lexical;

  const std::string& text = file_.text();
  antlr4::misc::IntervalSet expected;
  const antlr4::RuleContext* context = nullptr;
  // A prediction that failed some tokens ahead knows what it expected at the
  // start of the decision, not at the failing token, so only the token is named.
  bool failedAhead = false;
  try {
    if (e) std::rethrow_exception(e);
  } catch (const antlr4::NoViableAltException& ex) {
    expected = ex.getExpectedTokens();
    context = ex.getCtx();
    failedAhead = ex.getStartToken() && ex.getStartToken()->getTokenIndex() != offending->getTokenIndex();
  } catch (const antlr4::RecognitionException& ex) {
    expected = ex.getExpectedTokens();
    context = ex.getCtx();
  } catch (...) {
  }

  size_t found = offending->getType();
  SourceRange range = tokenRange(*offending, text.size());
  size_t before = previousTokenType(recognizer, *offending);
  bool afterOperand = before == P::IDENT || before == P::INT || before == P::FLOAT || before == P::STRING ||
                      before == P::TRUE || before == P::FALSE || before == P::RPAREN;
  if (!failedAhead && found == P::ASSIGN && afterOperand && !expected.contains(size_t(P::ASSIGN)))
    return {range, "unexpected '=', did you mean '=='?"};
  if (!failedAhead && expected.contains(size_t(P::SEMI)) && expected.size() == 1)
    return {afterPreviousToken(recognizer, *offending, text.size()), "expected ';' after statement"};
  bool endsClause = found == antlr4::Token::EOF || found == P::SEMI || isKeyword(found);
  if (!failedAhead && expected.contains(size_t(P::RPAREN)) && endsClause && found != P::NOT &&
      found != P::IF && found != P::TRUE && found != P::FALSE)
    return {afterPreviousToken(recognizer, *offending, text.size()), "missing ')'",
            unmatchedParen(recognizer, *offending)};

  std::string foundText = describeFound(*offending, text);
  // Where a name was expected, a reserved word is the likely mistake: say so.
  if (isKeyword(found) && expected.contains(size_t(P::IDENT)) && !expected.contains(size_t(P::INT)))
    foundText = "keyword " + foundText;
  std::string message = "unexpected " + foundText;
  if (!failedAhead) {
    std::string phrase = describeExpected(expected, context, recognizer->getVocabulary());
    if (!phrase.empty()) message += ", expected " + phrase;
  } else if (before == P::DOT) {
    message += ", expected a column name or '*' after '.'";
  }
  return {range, std::move(message)};
}

}  // namespace popper::parse

// Lexical error messages and the nesting limit.
#include "compiler/parse/TokenChecks.h"

#include <vector>

#include "PopperParser.h"
#include "compiler/parse/SyntaxMessages.h"

namespace popper::parse {

using P = grammar::PopperParser;

namespace {

SourceRange rangeOf(const antlr4::Token& token) {
  return {static_cast<uint32_t>(token.getStartIndex()), static_cast<uint32_t>(token.getStopIndex() + 1)};
}

bool endsOperand(size_t type) {
  switch (type) {
    case P::IDENT:
    case P::INT:
    case P::FLOAT:
    case P::STRING:
    case P::TRUE:
    case P::FALSE:
    case P::RPAREN:
    case P::STAR:
      return true;
    default:
      return false;
  }
}

bool isBinaryOperator(size_t type) {
  switch (type) {
    case P::STAR:
    case P::SLASH:
    case P::PERCENT:
    case P::PLUS:
    case P::MINUS:
    case P::EQ:
    case P::NEQ:
    case P::LT:
    case P::LTE:
    case P::GT:
    case P::GTE:
      return true;
    default:
      return false;
  }
}

// Tracks how deep ANTLR will recurse: every open '(' and every prefix operator
// whose operand is still being parsed. A '-' operand ends at the next binary
// operator, a NOT operand (which includes comparisons) at AND/OR; both end at
// ',', ')', a clause keyword or ';'.
class NestingTracker {
 public:
  // Returns false when `type` takes the nesting past the limit.
  bool accept(size_t type, size_t previousType) {
    Level& level = levels_.back();
    switch (type) {
      case P::LPAREN:
        levels_.emplace_back();
        ++depth_;
        break;
      case P::RPAREN:
        if (levels_.size() > 1) {
          depth_ -= 1 + levels_.back().negations + levels_.back().nots;
          levels_.pop_back();
        }
        break;
      case P::MINUS:
        if (endsOperand(previousType)) {
          closeNegations(level);
        } else {
          ++level.negations;
          ++depth_;
        }
        break;
      case P::NOT:
        ++level.nots;
        ++depth_;
        break;
      case P::AND:
      case P::OR:
        closeNegations(level);
        closeNots(level);
        break;
      case P::SEMI:
        levels_.assign(1, Level{});
        depth_ = 0;
        break;
      default:
        if (isBinaryOperator(type)) {
          closeNegations(level);
        } else if (type == P::COMMA ||
                   (isKeyword(type) && type != P::IF && type != P::TRUE && type != P::FALSE)) {
          closeNegations(level);
          closeNots(level);
        }
        break;
    }
    return depth_ <= kMaxNestingDepth;
  }

  void reset() {
    levels_.assign(1, Level{});
    depth_ = 0;
  }

 private:
  struct Level {
    size_t negations = 0;
    size_t nots = 0;
  };
  void closeNegations(Level& level) {
    depth_ -= level.negations;
    level.negations = 0;
  }
  void closeNots(Level& level) {
    depth_ -= level.nots;
    level.nots = 0;
  }

  std::vector<Level> levels_{1};
  size_t depth_ = 0;
};

}  // namespace

std::optional<SyntaxError> lexicalError(const antlr4::Token& token, std::string_view text) {
  SourceRange range = rangeOf(token);
  switch (token.getType()) {
    case P::UNTERMINATED_STRING:
      return SyntaxError{range, "unterminated string literal"};
    case P::UNTERMINATED_COMMENT:  // point at the '/*', not the rest of the file
      return SyntaxError{{range.begin, range.begin + 2}, "unterminated block comment"};
    case P::BAD_CHAR: {
      size_t length = 1;
      std::string shown = describeCharacter(text, range.begin, &length);
      return SyntaxError{{range.begin, static_cast<uint32_t>(range.begin + length)},
                         "unexpected character '" + shown + "'"};
    }
    default:
      return std::nullopt;
  }
}

// What the '(' or operator at `index` nests, as the too-deep message names it:
// a '(' opening a relation nests sources, anything else an expression.
const char* nestedWhat(antlr4::CommonTokenStream& tokens, size_t index) {
  const std::vector<antlr4::Token*>& all = tokens.getTokens();
  if (all[index]->getType() != P::LPAREN || index + 1 >= all.size()) return "expression";
  switch (all[index + 1]->getType()) {
    case P::EXTRACT:
    case P::SELECT:
    case P::PROCESS:
    case P::REDUCE:
    case P::COMBINE:
    case P::UNION:
    case P::HANDLE:
      return "relation";
    default:
      return "expression";
  }
}

TokenErrors checkNesting(antlr4::CommonTokenStream& tokens) {
  TokenErrors errors;
  NestingTracker nesting;
  bool skipToStatementEnd = false;  // after a too-deep error, until the next ';'
  size_t previousType = P::SEMI;
  for (antlr4::Token* token : tokens.getTokens()) {
    size_t type = token->getType();
    if (type == antlr4::Token::EOF) break;
    if (skipToStatementEnd) {
      if (type == P::SEMI) {
        skipToStatementEnd = false;
        nesting.reset();
      }
    } else if (!nesting.accept(type, previousType)) {
      errors[token->getTokenIndex()] = {
          rangeOf(*token), std::string(nestedWhat(tokens, token->getTokenIndex())) + " nested too deeply"};
      if (auto* writable = dynamic_cast<antlr4::WritableToken*>(token)) writable->setType(P::BAD_CHAR);
      skipToStatementEnd = true;
    }
    previousType = type;
  }
  return errors;
}

}  // namespace popper::parse

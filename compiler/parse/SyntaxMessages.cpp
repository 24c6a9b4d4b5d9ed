// Naming tokens and expected-token sets for syntax error messages.
#include "compiler/parse/SyntaxMessages.h"

#include <vector>

#include "PopperParser.h"

namespace popper::parse {

using P = grammar::PopperParser;

namespace {

// `prefix` then `text` in single quotes. (Built by appending: GCC 12 at -O3
// reports a false -Wrestrict overlap for "'" + std::string + "'".)
std::string quoted(std::string_view prefix, std::string_view text) {
  std::string out;
  out.reserve(prefix.size() + text.size() + 2);
  out.append(prefix).append(1, '\'').append(text).append(1, '\'');
  return out;
}

constexpr size_t kMaxShownTextLength = 32;

std::string shortened(std::string_view text) {
  if (text.size() <= kMaxShownTextLength) return std::string(text);
  return std::string(text.substr(0, kMaxShownTextLength)) + "...";
}

std::string_view tokenText(const antlr4::Token& token, std::string_view sourceText) {
  size_t begin = token.getStartIndex();
  size_t end = token.getStopIndex() + 1;
  if (begin >= sourceText.size() || end <= begin) return {};
  return sourceText.substr(begin, std::min(end, sourceText.size()) - begin);
}

// The name of one expected token type: 'FROM', ';', identifier, a number, a string.
std::string expectedTokenName(size_t type, const antlr4::dfa::Vocabulary& vocabulary) {
  if (type == antlr4::Token::EOF) return "end of file";
  switch (type) {
    case P::IDENT:
      return "identifier";
    case P::INT:
    case P::FLOAT:
      return "a number";
    case P::STRING:
      return "a string";
    default:
      break;
  }
  if (isKeyword(type)) return quoted("", vocabulary.getSymbolicName(type));
  std::string literal = vocabulary.getLiteralName(type);  // already quoted: "';'"
  return literal.empty() ? vocabulary.getDisplayName(type) : literal;
}

// "a", "a or b", "a, b or c".
std::string joinAlternatives(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

// What an expected identifier stands for, judging by the rule it completes.
std::string identifierRole(const antlr4::RuleContext* context) {
  if (context && context->getRuleIndex() == P::RuleIdent && context->parent)
    context = dynamic_cast<const antlr4::RuleContext*>(context->parent);
  if (!context) return "an identifier";
  switch (context->getRuleIndex()) {
    case P::RuleTypeName:
      return "a type name";
    case P::RuleOpCall:
      return "an operator name";
    case P::RuleColumnDef:
    case P::RuleAssignment:
    case P::RuleReduceRel:
    case P::RulePrimary:
    case P::RuleSelectItem:
    case P::RuleEvaluateClause:
      return "a column name";
    case P::RuleParamStmt:
    case P::RulePathRef:
    case P::RuleArgValue:
      return "a parameter name";
    case P::RuleSetStmt:
      return "an option name";
    case P::RuleOpArg:
    case P::RuleArgName:
      return "an argument name";
    case P::RuleAction:
      return "a rowset name";
    case P::RuleSource:
      return "a name";
    default:
      return "an identifier";
  }
}

}  // namespace

bool isKeyword(size_t tokenType) { return tokenType >= P::PARAM && tokenType <= P::FALSE; }

std::string describeFound(const antlr4::Token& token, std::string_view sourceText) {
  size_t type = token.getType();
  if (type == antlr4::Token::EOF) return "end of file";
  std::string_view text = tokenText(token, sourceText);
  switch (type) {
    case P::IDENT:
      return quoted("identifier ", shortened(text));
    case P::INT:
    case P::FLOAT:
      return quoted("number ", shortened(text));
    case P::STRING:
      return "string literal";
    default:
      return quoted("", shortened(text));
  }
}

std::string describeExpected(const antlr4::misc::IntervalSet& expected, const antlr4::RuleContext* context,
                             const antlr4::dfa::Vocabulary& vocabulary) {
  auto has = [&](size_t type) { return expected.contains(type); };
  // Recognisable families first: they read better than a list of tokens.
  if (has(P::PARAM) && has(P::IMPORT) && has(P::OUTPUT)) return "a statement";
  if (has(P::EXTRACT) && has(P::SELECT) && has(P::UNION))
    return "a relation (EXTRACT, SELECT, PROCESS, REDUCE, COMBINE, UNION or HANDLE)";
  if (has(P::EDIT) && has(P::APPEND) && has(P::DELETE)) return "an action (EDIT, APPEND TO or DELETE FROM)";
  if (has(P::INT) && has(P::STRING) && has(P::LPAREN) && has(P::IDENT)) return "an expression";
  if (has(P::INT) && has(P::STRING) && has(P::TRUE))
    return has(P::IDENT) && has(P::AT) ? "a literal, column name or @parameter" : "a literal";
  if (has(P::STRING) && has(P::AT) && expected.size() == 2) return "a file path string or @parameter";
  // RETRY takes a sign so that sema can explain a negative count.
  if (has(P::MINUS) && has(P::INT) && expected.size() == 2) return "a number";
  if (has(P::IDENT) && has(P::LPAREN) && expected.size() == 2 && context &&
      context->getRuleIndex() == P::RuleSource)
    return "a rowset name or '('";
  if (has(P::IDENT) && expected.size() == 1) return identifierRole(context);

  std::vector<std::string> names;
  for (ssize_t type : expected.toList()) {
    std::string name = expectedTokenName(static_cast<size_t>(type), vocabulary);
    bool seen = false;
    for (const auto& n : names) seen = seen || n == name;
    if (!seen) names.push_back(std::move(name));
  }
  constexpr size_t kMaxListed = 5;
  if (names.empty() || names.size() > kMaxListed) return {};
  return joinAlternatives(names);
}

std::string describeCharacter(std::string_view text, size_t offset, size_t* length) {
  *length = 1;
  if (offset >= text.size()) return "";
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(offset);
  if (lead >= 0x20 && lead < 0x7F) return std::string(1, static_cast<char>(lead));
  size_t sequence = lead >= 0xC2 && lead <= 0xDF   ? 2
                    : lead >= 0xE0 && lead <= 0xEF ? 3
                    : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                   : 0;
  bool valid = sequence > 0 && offset + sequence <= text.size();
  for (size_t i = 1; valid && i < sequence; ++i) valid = (byte(offset + i) & 0xC0) == 0x80;
  if (valid) {
    *length = sequence;
    return std::string(text.substr(offset, sequence));
  }
  static const char* hex = "0123456789abcdef";
  return std::string("\\x") + hex[lead >> 4] + hex[lead & 0xF];
}

}  // namespace popper::parse

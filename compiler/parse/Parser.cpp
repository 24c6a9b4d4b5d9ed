// Two-stage parsing: a fast SLL parse of the whole file that bails out on the
// first problem, and, only when it fails, a careful LL parse statement by
// statement that reports one error per statement and resynchronises at the
// next statement, so that every syntax error in the file is reported at once.
#include "compiler/parse/Parser.h"

#include "PopperLexer.h"
#include "PopperParser.h"
#include "compiler/parse/AstBuilder.h"
#include "compiler/parse/ByteCharStream.h"
#include "compiler/parse/StatementErrorStrategy.h"
#include "compiler/parse/SyntaxErrorListener.h"
#include "compiler/parse/SyntaxMessages.h"
#include "compiler/parse/TokenChecks.h"

namespace popper {

namespace {

using P = grammar::PopperParser;

// Past this many syntax errors the file is probably not a workflow at all.
constexpr size_t kMaxSyntaxErrors = 100;

// Whether token `i` can only be the first token of a statement. `name =` and
// SET also occur inside statements, so they count only at the start of a line
// and where the token before cannot introduce them.
bool startsStatement(const std::vector<antlr4::Token*>& tokens, size_t i) {
  size_t type = tokens[i]->getType();
  if (type == P::PARAM || type == P::IMPORT || type == P::OUTPUT) return true;
  if (i == 0) return type == P::SET || type == P::IDENT;
  const antlr4::Token& previous = *tokens[i - 1];
  if (previous.getLine() == tokens[i]->getLine()) return false;
  size_t before = previous.getType();
  if (type == P::SET) return before != P::IDENT;
  return type == P::IDENT && tokens[i + 1]->getType() == P::ASSIGN && before != P::COMMA &&
         before != P::SET && before != P::COLON;
}

// Where to resume after a statement failed at token `failedAt`: after the next
// ';', or at the next token that starts a statement, whichever comes first.
size_t resynchronise(const std::vector<antlr4::Token*>& tokens, size_t statementStart, size_t failedAt) {
  for (size_t i = std::max(failedAt, statementStart); i < tokens.size(); ++i) {
    size_t type = tokens[i]->getType();
    if (type == antlr4::Token::EOF) return i;
    if (type == P::SEMI) return i + 1;
    // It runs to the end of the file: stop there so it gets reported.
    if (type == P::UNTERMINATED_COMMENT && i > statementStart) return i;
    if (i > statementStart && startsStatement(tokens, i)) return i;
  }
  return tokens.size() - 1;
}

class WorkflowParser {
 public:
  WorkflowParser(const SourceFile& file, DiagnosticEngine& diags)
      : file_(file),
        diags_(diags),
        chars_(file.text()),
        lexer_(&chars_),
        tokens_(&lexer_),
        parser_(&tokens_),
        builder_(file, diags) {
    lexer_.removeErrorListeners();
    parser_.removeErrorListeners();
  }

  ast::Workflow parse() {
    tokens_.fill();
    tokenErrors_ = parse::checkNesting(tokens_);
    ast::Workflow workflow;
    // Lexical error tokens make the fast parse fail at once, like any error.
    if (tokenErrors_.empty() && parseFast(workflow)) return workflow;
    parseCarefully(workflow);
    return workflow;
  }

 private:
  // SLL prediction with bail-out: fast, and right for every valid file.
  bool parseFast(ast::Workflow& workflow) {
    parser_.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    parser_.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::SLL);
    P::ScriptContext* script = nullptr;
    try {
      script = parser_.script();
    } catch (const antlr4::ParseCancellationException&) {
      return false;
    }
    for (P::StatementContext* statement : script->statement()) add(workflow, *statement);
    return true;
  }

  void parseCarefully(ast::Workflow& workflow) {
    parse::SyntaxErrorListener listener(file_, tokenErrors_);
    parser_.addErrorListener(&listener);
    parser_.setErrorHandler(std::make_shared<parse::StatementErrorStrategy>());
    parser_.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::LL);
    const std::vector<antlr4::Token*>& tokens = tokens_.getTokens();
    size_t next = 0;
    size_t errors = 0;
    while (true) {
      parser_.reset();  // also frees the previous statement's parse tree
      tokens_.seek(next);
      if (tokens_.LA(1) == antlr4::Token::EOF) break;
      size_t start = tokens_.index();
      try {
        P::StatementContext* statement = parser_.statement();
        add(workflow, *statement);
        next = tokens_.index();
      } catch (const antlr4::ParseCancellationException&) {
        auto reported = listener.takeError();
        if (!reported) reported = unexplainedFailure(start);
        if (++errors > kMaxSyntaxErrors) {
          diags_.error(reported->error.range, "too many syntax errors, stopping now");
          break;
        }
        diags_.error(reported->error.range, std::move(reported->error.message));
        if (reported->error.openingParen) diags_.note(*reported->error.openingParen, "to match this '('");
        size_t failedAt = reported->tokenIndex;
        next = resynchronise(tokens, start, failedAt);
        recordDroppedName(workflow, start, next);
      }
    }
    parser_.removeErrorListener(&listener);
  }

  // ANTLR gave up on the statement without reporting why (it should not):
  // still point at it rather than drop it silently.
  parse::SyntaxErrorListener::Reported unexplainedFailure(size_t tokenIndex) {
    antlr4::Token& token = *tokens_.get(tokenIndex);
    SourceRange range{static_cast<uint32_t>(token.getStartIndex()),
                      static_cast<uint32_t>(token.getStopIndex() + 1)};
    return {{range, "unexpected " + parse::describeFound(token, file_.text())}, tokenIndex};
  }

  void add(ast::Workflow& workflow, P::StatementContext& statement) {
    if (auto built = builder_.buildStatement(statement)) {
      workflow.statements.push_back(std::move(*built));
      return;
    }
    size_t start = statement.getStart()->getTokenIndex();
    recordDroppedName(workflow, start, tokens_.getTokens().size());
  }

  // A dropped statement that began `name =` or `PARAM name` still defined
  // that name as far as the writer is concerned: remember it so that its uses
  // are not reported as unknown names on top of the syntax error.
  void recordDroppedName(ast::Workflow& workflow, size_t start, size_t end) {
    const std::vector<antlr4::Token*>& tokens = tokens_.getTokens();
    if (start + 1 >= end || start + 1 >= tokens.size()) return;
    antlr4::Token& first = *tokens[start];
    antlr4::Token& second = *tokens[start + 1];
    if (first.getType() == P::IDENT && second.getType() == P::ASSIGN)
      workflow.brokenRowsets.push_back(identOf(first));
    else if (first.getType() == P::PARAM && second.getType() == P::IDENT)
      workflow.brokenParams.push_back(identOf(second));
  }

  static ast::Ident identOf(antlr4::Token& token) {
    return {token.getText(),
            {static_cast<uint32_t>(token.getStartIndex()), static_cast<uint32_t>(token.getStopIndex() + 1)}};
  }

  const SourceFile& file_;
  DiagnosticEngine& diags_;
  parse::ByteCharStream chars_;
  grammar::PopperLexer lexer_;
  antlr4::CommonTokenStream tokens_;
  P parser_;
  parse::AstBuilder builder_;
  parse::TokenErrors tokenErrors_;
};

}  // namespace

ast::Workflow parseWorkflow(const SourceFile& file, DiagnosticEngine& diags) {
  try {
    return WorkflowParser(file, diags).parse();
  } catch (const std::exception& e) {
    // ANTLR signals its own internal failures with exceptions; a workflow must
    // never crash the compiler, so they surface as an error.
    diags.error({0, 0}, std::string("internal parser error: ") + e.what());
    return {};
  }
}

}  // namespace popper

// Turns ANTLR's recognition errors into readable, located syntax errors
// (replacing ANTLR's console listeners), in the manner of Kùzu's
// parser_error_listener: "unexpected 'FROM', expected an expression",
// "expected ';' after statement", "missing ')'".
#pragma once

#include <optional>
#include <string>
#include <unordered_map>

#include "antlr4-runtime.h"
#include "common/SourceFile.h"

namespace popper::parse {

struct SyntaxError {
  SourceRange range;
  std::string message;
  std::optional<SourceRange> openingParen = std::nullopt;  // for "missing ')'": the '(' left open
};

// Errors that belong to one token whatever the parser expected there, keyed by
// token index: the tokens where nesting went too deep. (Lexical error tokens
// carry their own message, see TokenChecks.h.)
using TokenErrors = std::unordered_map<size_t, SyntaxError>;

class SyntaxErrorListener : public antlr4::BaseErrorListener {
 public:
  SyntaxErrorListener(const SourceFile& file, const TokenErrors& tokenErrors)
      : file_(file), tokenErrors_(tokenErrors) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offendingSymbol, size_t line,
                   size_t charPositionInLine, const std::string& msg, std::exception_ptr e) override;

  struct Reported {
    SyntaxError error;
    size_t tokenIndex;  // of the offending token: resynchronisation starts there
  };
  // The first error reported since the last call, if any.
  std::optional<Reported> takeError();

 private:
  SyntaxError explain(antlr4::Recognizer* recognizer, antlr4::Token* offending, std::exception_ptr e) const;

  const SourceFile& file_;
  const TokenErrors& tokenErrors_;
  std::optional<Reported> error_;
};

}  // namespace popper::parse

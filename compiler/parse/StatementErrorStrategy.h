// ANTLR error strategy for the careful (second) parse: on the first syntax
// error of a statement it reports the error to the listeners and abandons the
// statement, instead of ANTLR's token insertion/deletion guesses, which cascade
// into follow-on errors. Parser.cpp then resynchronises at the next statement.
#pragma once

#include "antlr4-runtime.h"

namespace popper::parse {

class StatementErrorStrategy : public antlr4::DefaultErrorStrategy {
 public:
  void reportError(antlr4::Parser* recognizer, const antlr4::RecognitionException& e) override;
  // Throws antlr4::ParseCancellationException: the statement is abandoned.
  void recover(antlr4::Parser* recognizer, std::exception_ptr e) override;
  antlr4::Token* recoverInline(antlr4::Parser* recognizer) override;
  // Detects a wrong token at the entry of a loop or optional block, where the
  // set of acceptable tokens is widest (so messages can list ',' or ')'), but
  // never deletes tokens to recover.
  void sync(antlr4::Parser* recognizer) override;
};

}  // namespace popper::parse

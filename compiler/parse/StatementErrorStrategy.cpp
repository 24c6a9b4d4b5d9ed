// Report-once-and-abandon error strategy for one statement.
#include "compiler/parse/StatementErrorStrategy.h"

namespace popper::parse {

void StatementErrorStrategy::reportError(antlr4::Parser* recognizer, const antlr4::RecognitionException& e) {
  if (inErrorRecoveryMode(recognizer)) return;
  beginErrorCondition(recognizer);
  // Called from the generated rule's catch block, so the exception is current.
  recognizer->notifyErrorListeners(e.getOffendingToken(), "", std::current_exception());
}

void StatementErrorStrategy::recover(antlr4::Parser*, std::exception_ptr) {
  throw antlr4::ParseCancellationException("statement abandoned after a syntax error");
}

antlr4::Token* StatementErrorStrategy::recoverInline(antlr4::Parser* recognizer) {
  throw antlr4::InputMismatchException(recognizer);
}

void StatementErrorStrategy::sync(antlr4::Parser* recognizer) {
  const antlr4::atn::ATN& atn = recognizer->getATN();
  antlr4::atn::ATNState* state = atn.states[recognizer->getState()];
  size_t next = recognizer->getTokenStream()->LA(1);
  antlr4::misc::IntervalSet nextTokens = atn.nextTokens(state);
  if (nextTokens.contains(antlr4::Token::EPSILON) || nextTokens.contains(next)) return;
  switch (state->getStateType()) {
    case antlr4::atn::ATNState::BLOCK_START:
    case antlr4::atn::ATNState::STAR_BLOCK_START:
    case antlr4::atn::ATNState::PLUS_BLOCK_START:
    case antlr4::atn::ATNState::STAR_LOOP_ENTRY:
    case antlr4::atn::ATNState::PLUS_LOOP_BACK:
    case antlr4::atn::ATNState::STAR_LOOP_BACK:
      throw antlr4::InputMismatchException(recognizer);
    default:
      return;
  }
}

}  // namespace popper::parse

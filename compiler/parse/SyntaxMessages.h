// How tokens and sets of expected tokens are named in syntax error messages:
// as the user writes them ('FROM', ';', identifier, string, number), never as
// ANTLR's internal names (T__3, {<EOF>, 'PARAM', ...}).
#pragma once

#include <string>
#include <string_view>

#include "antlr4-runtime.h"

namespace popper::parse {

// True for the language's keywords (PARAM ... FALSE).
bool isKeyword(size_t tokenType);

// The offending token for "unexpected X": keywords and punctuation quoted as
// written ('from', ')'), `identifier 'x'`, `number '42'`, `string literal`,
// `end of file`.
std::string describeFound(const antlr4::Token& token, std::string_view sourceText);

// The phrase after "expected " for a set of acceptable tokens in the rule
// `context` ("an expression", "a type name", "'FROM'", "',' or ')'"), or an
// empty string when the set is too large to say anything helpful.
std::string describeExpected(const antlr4::misc::IntervalSet& expected, const antlr4::RuleContext* context,
                             const antlr4::dfa::Vocabulary& vocabulary);

// One character of source for "unexpected character 'X'": printable ASCII and
// valid UTF-8 sequences as they are, anything else as \xNN. `length` receives
// the number of bytes the character spans.
std::string describeCharacter(std::string_view text, size_t offset, size_t* length);

}  // namespace popper::parse

// Checks on the token stream made before parsing: lexical error tokens become
// located errors, and nesting deeper than kMaxNestingDepth is refused before
// ANTLR's recursive descent could overflow the stack on it.
#pragma once

#include <string_view>

#include "antlr4-runtime.h"
#include "compiler/parse/SyntaxErrorListener.h"

namespace popper::parse {

// Parentheses plus open prefix operators ('-', NOT). Real workflows stay far
// below; ANTLR needs a few stack frames per level.
constexpr size_t kMaxNestingDepth = 200;

// Returns the errors owned by single tokens (see TokenErrors). The token where
// nesting exceeds the limit is retyped to BAD_CHAR so that the parser stops
// there instead of descending further. `tokens` must be filled.
TokenErrors checkTokens(antlr4::CommonTokenStream& tokens, std::string_view text);

}  // namespace popper::parse

// Token-level errors: the messages of lexical error tokens, and nesting deeper
// than kMaxNestingDepth, refused before ANTLR's recursive descent could
// overflow the stack on it.
#pragma once

#include <optional>
#include <string_view>

#include "antlr4-runtime.h"
#include "compiler/parse/SyntaxErrorListener.h"

namespace popper::parse {

// Parentheses plus open prefix operators ('-', NOT). Real workflows stay far
// below; ANTLR needs a few stack frames per level.
constexpr size_t kMaxNestingDepth = 200;

// The error a lexical error token (UNTERMINATED_STRING, UNTERMINATED_COMMENT,
// BAD_CHAR) stands for; nullopt for other tokens. Computed when the parser
// reaches the token, so a file of garbage costs no message per byte.
std::optional<SyntaxError> lexicalError(const antlr4::Token& token, std::string_view text);

// Returns an error for each token where nesting exceeds the limit, and retypes
// that token to BAD_CHAR so that the parser stops there instead of descending
// further. `tokens` must be filled.
TokenErrors checkNesting(antlr4::CommonTokenStream& tokens);

}  // namespace popper::parse

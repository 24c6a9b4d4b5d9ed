// Turning literal tokens into values: string escapes, int64 range checks and
// floats. Errors are reported located on the offending characters.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/diag/Diagnostic.h"

namespace popper::parse {

// `token` is a STRING token's text including its quotes, starting at byte
// `offset` of the source. Decodes \" \\ \n \t; any other escape is reported
// and kept as written.
std::string decodeStringLiteral(std::string_view token, uint32_t offset, DiagnosticEngine& diags);

// `digits` of an INT token, negated when `negative` (so -9223372036854775808
// fits). Reports "integer literal out of range" at `range`.
std::optional<int64_t> decodeIntLiteral(std::string_view digits, bool negative, SourceRange range,
                                        DiagnosticEngine& diags);

// The text of a FLOAT token. Reports "float literal out of range" at `range`
// when it overflows a double.
std::optional<double> decodeFloatLiteral(std::string_view text, bool negative, SourceRange range,
                                         DiagnosticEngine& diags);

}  // namespace popper::parse

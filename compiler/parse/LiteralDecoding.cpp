// String escapes and number conversions for literal tokens.
#include "compiler/parse/LiteralDecoding.h"

#include <fast_float/fast_float.h>

#include <cmath>
#include <limits>

#include "compiler/parse/SyntaxMessages.h"

namespace popper::parse {

std::string decodeStringLiteral(std::string_view token, uint32_t offset, DiagnosticEngine& diags) {
  std::string out;
  if (token.size() < 2) return out;
  std::string_view body = token.substr(1, token.size() - 2);
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\' || i + 1 >= body.size()) {
      out += c;
      continue;
    }
    char escaped = body[++i];
    switch (escaped) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      default: {
        size_t length = 1;
        std::string shown = describeCharacter(body, i, &length);
        auto begin = static_cast<uint32_t>(offset + 1 + i - 1);  // at the backslash
        diags.error({begin, static_cast<uint32_t>(begin + 1 + length)},
                    "unknown escape sequence '\\" + shown + "'");
        out += '\\';
        out.append(body.substr(i, length));
        i += length - 1;
        break;
      }
    }
  }
  return out;
}

std::optional<int64_t> decodeIntLiteral(std::string_view digits, bool negative, SourceRange range,
                                        DiagnosticEngine& diags) {
  // Accumulate the magnitude; 2^63 is allowed only when negated.
  constexpr uint64_t kMaxMagnitude = uint64_t(std::numeric_limits<int64_t>::max()) + 1;
  uint64_t magnitude = 0;
  bool overflow = false;
  for (char c : digits) {
    uint64_t digit = static_cast<uint64_t>(c - '0');
    if (magnitude > (kMaxMagnitude - digit) / 10) {
      overflow = true;
      break;
    }
    magnitude = magnitude * 10 + digit;
  }
  if (overflow || magnitude > kMaxMagnitude || (!negative && magnitude == kMaxMagnitude)) {
    diags.error(range, "integer literal out of range");
    return std::nullopt;
  }
  if (!negative) return static_cast<int64_t>(magnitude);
  return magnitude == kMaxMagnitude ? std::numeric_limits<int64_t>::min() : -static_cast<int64_t>(magnitude);
}

std::optional<double> decodeFloatLiteral(std::string_view text, bool negative, SourceRange range,
                                         DiagnosticEngine& diags) {
  double value = 0;
  auto result = fast_float::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec != std::errc() && result.ec != std::errc::result_out_of_range) {
    diags.error(range, "invalid float literal");
    return std::nullopt;
  }
  if (std::isinf(value)) {
    diags.error(range, "float literal out of range");
    return std::nullopt;
  }
  return negative ? -value : value;
}

}  // namespace popper::parse

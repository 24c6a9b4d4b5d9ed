// Text forms of values, shared by to_string/concat, the CSV/JSONL/Lines
// writers and readers, so a value prints and parses the same everywhere.
//  - floats: shortest form that reads back to the same double, always with a
//    '.' or an exponent ("36.0", "0.1", "1e+20"); "inf", "-inf", "nan"
//  - bools: "true" / "false"; ints: decimal
// Parsing takes the whole string: no leading or trailing spaces, no junk.
#pragma once

#include <fast_float/fast_float.h>

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/data/Value.h"

namespace popper {

// Appends the shortest round-trip form of `v` to `out`.
void appendFloat(std::string& out, double v);
std::string formatFloat(double v);
void appendInt(std::string& out, int64_t v);
// Appends `v` as to_string formats it (strings as-is).
void appendValueText(std::string& out, const Value& v);
// Writes the shortest form into buf (at least 32 bytes); returns the length.
size_t formatFloatTo(char* buf, double v);

namespace detail {
// A leading '+' is accepted ("+5"); false for an empty number or a second sign.
inline bool skipPlus(const char*& b, const char* e) {
  if (b != e && *b == '+') {
    ++b;
    if (b != e && (*b == '+' || *b == '-')) return false;
  }
  return b != e;
}
}  // namespace detail

// Inline: the CSV reader calls these once per numeric field. A decimal loop
// (std::from_chars for integers is generic and slower); up to 18 digits cannot
// overflow, longer numbers are checked.
inline std::optional<int64_t> parseInt(std::string_view s) {
  const char* b = s.data();
  const char* e = b + s.size();
  bool negative = false;
  if (b != e && *b == '-') {
    negative = true;
    ++b;
    if (b == e) return std::nullopt;
  } else if (!detail::skipPlus(b, e)) {
    return std::nullopt;
  }
  if (e - b <= 18) {
    uint64_t v = 0;
    for (const char* p = b; p < e; ++p) {
      unsigned d = static_cast<unsigned char>(*p) - '0';
      if (d > 9) return std::nullopt;
      v = v * 10 + d;
    }
    return negative ? -static_cast<int64_t>(v) : static_cast<int64_t>(v);
  }
  uint64_t v = 0;
  for (const char* p = b; p < e; ++p) {
    unsigned d = static_cast<unsigned char>(*p) - '0';
    if (d > 9) return std::nullopt;
    if (__builtin_mul_overflow(v, 10u, &v) || __builtin_add_overflow(v, d, &v)) return std::nullopt;
  }
  constexpr uint64_t kMaxMagnitude = uint64_t{1} << 63;  // |INT64_MIN|
  if (v > kMaxMagnitude - (negative ? 0 : 1)) return std::nullopt;
  return negative ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
}

inline std::optional<double> parseFloat(std::string_view s) {
  const char* b = s.data();
  const char* e = b + s.size();
  if (!detail::skipPlus(b, e)) return std::nullopt;
  double v;
  auto res = fast_float::from_chars(b, e, v);
  if (res.ec != std::errc() || res.ptr != e) return std::nullopt;
  return v;
}
// "true"/"false" in any letter case.
std::optional<bool> parseBool(std::string_view s);

}  // namespace popper

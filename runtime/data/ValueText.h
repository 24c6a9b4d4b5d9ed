// Text forms of values, shared by to_string/concat, the CSV/JSONL/Lines
// writers and readers, so a value prints and parses the same everywhere.
//  - floats: shortest form that reads back to the same double, always with a
//    '.' or an exponent ("36.0", "0.1", "1e+20"); "inf", "-inf", "nan"
//  - bools: "true" / "false"; ints: decimal
// Parsing takes the whole string: no leading or trailing spaces, no junk.
#pragma once

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

std::optional<int64_t> parseInt(std::string_view s);
std::optional<double> parseFloat(std::string_view s);
// "true"/"false" in any letter case.
std::optional<bool> parseBool(std::string_view s);

}  // namespace popper

// UTF-8 helpers for the string builtins: counting and slicing by character,
// and simple case mapping. Invalid bytes count as one character each and are
// copied unchanged, so no input can make a string function fail.
//
// Case mapping covers ASCII, Latin-1 Supplement, Latin Extended-A, basic
// Greek and basic Cyrillic, one character to one character (no "ß" -> "SS");
// other characters are left as they are.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace popper::utf8 {

inline bool isContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Characters in s.
size_t length(std::string_view s);
// Byte offset of character `index` (s.size() if past the end).
size_t offsetOf(std::string_view s, size_t index);

uint32_t toLower(uint32_t cp);
uint32_t toUpper(uint32_t cp);

// Writes the case-mapped copy of `s` into `out` (at least s.size() bytes; the
// mapped text is never longer than the input). Returns the bytes written.
size_t mapLower(std::string_view s, char* out);
size_t mapUpper(std::string_view s, char* out);

}  // namespace popper::utf8

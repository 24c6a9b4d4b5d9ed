// An ANTLR character stream whose indices are byte offsets into the source.
// ANTLRInputStream decodes UTF-8 into code points, so its token indices would be
// character counts (and it throws on invalid UTF-8). Feeding one symbol per
// byte keeps token start/stop indices equal to byte offsets, which is what
// SourceRange holds.
#pragma once

#include <string_view>

#include "antlr4-runtime.h"

namespace popper::parse {

class ByteCharStream : public antlr4::ANTLRInputStream {
 public:
  explicit ByteCharStream(std::string_view bytes) {
    _data.reserve(bytes.size());
    for (char c : bytes) _data.push_back(symbolFor(static_cast<unsigned char>(c)));
    // A UTF-8 byte order mark reads as blanks.
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") _data[0] = _data[1] = _data[2] = U' ';
    p = 0;
  }

 private:
  // The grammar never names a non-ASCII character: they only occur inside
  // strings and comments (which accept anything) or as a BAD_CHAR token. So
  // every non-ASCII byte becomes DEL, which behaves the same there and keeps
  // the lexer on its DFA cache (ANTLR simulates the ATN afresh for symbols
  // above 127, about a microsecond each).
  static char32_t symbolFor(unsigned char byte) { return byte < 0x80 ? byte : 0x7F; }
};

}  // namespace popper::parse

// An ANTLR character stream whose indices are byte offsets into the source.
// ANTLRInputStream decodes UTF-8 into code points, so its token indices would be
// character counts (and it throws on invalid UTF-8). Feeding every byte as one
// symbol keeps token start/stop indices equal to byte offsets, which is what
// SourceRange holds; non-ASCII only occurs inside strings and comments, where
// the grammar accepts any symbol, or as a BAD_CHAR token.
#pragma once

#include <string_view>

#include "antlr4-runtime.h"

namespace popper::parse {

class ByteCharStream : public antlr4::ANTLRInputStream {
 public:
  explicit ByteCharStream(std::string_view bytes) {
    _data.reserve(bytes.size());
    for (char c : bytes) _data.push_back(static_cast<char32_t>(static_cast<unsigned char>(c)));
    p = 0;
  }
};

}  // namespace popper::parse

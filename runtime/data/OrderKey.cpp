// Order-preserving, prefix-free key encodings (see OrderKey.h).
#include "runtime/data/OrderKey.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace popper {
namespace {

void appendBigEndian(OrderKey& key, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) key.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

}  // namespace

void appendPositionKey(OrderKey& key, uint64_t position) { appendBigEndian(key, position, 8); }
void appendPortKey(OrderKey& key, uint16_t port) { appendBigEndian(key, port, 2); }
void appendIndexKey(OrderKey& key, uint32_t index) { appendBigEndian(key, index, 4); }

void appendValueKey(OrderKey& key, const Value& v) {
  switch (v.type) {
    case Type::Int:
      appendBigEndian(key, static_cast<uint64_t>(v.i) ^ (uint64_t{1} << 63), 8);
      return;
    case Type::Float: {
      double d = v.f;
      if (d == 0) d = 0;  // -0.0 sorts with 0.0
      if (std::isnan(d)) d = std::numeric_limits<double>::quiet_NaN();
      uint64_t bits;
      std::memcpy(&bits, &d, sizeof bits);
      // Negative numbers: invert all bits; others: set the sign bit. NaN
      // (positive quiet NaN) then sorts after +inf.
      bits = (bits >> 63) ? ~bits : bits | (uint64_t{1} << 63);
      appendBigEndian(key, bits, 8);
      return;
    }
    case Type::Bool:
      key.push_back(v.b ? 1 : 0);
      return;
    case Type::String:
      for (char c : v.s) {
        key.push_back(c);
        if (c == 0) key.push_back(static_cast<char>(0xff));
      }
      key.push_back(0);
      key.push_back(0);
      return;
  }
}

}  // namespace popper

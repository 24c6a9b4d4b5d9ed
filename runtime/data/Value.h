// Value: a view of one cell (type + scalar or string_view), and hashing,
// equality and ordering of single cells and of composite keys over columns —
// what joins, groups and ORDER BY need.
//
// Key semantics: floats compare by value with -0.0 == 0.0, and NaN equals NaN
// (so NaN keys form one group); ordering puts NaN after every number. Strings
// compare byte-wise, which for UTF-8 is code-point order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/Type.h"
#include "runtime/data/Batch.h"

namespace popper {

struct Value {
  Type type = Type::Int;
  int64_t i = 0;       // Int
  double f = 0;        // Float
  bool b = false;      // Bool
  std::string_view s;  // String (a view: valid while its batch or arena lives)

  static Value ofInt(int64_t v) {
    Value x;
    x.type = Type::Int;
    x.i = v;
    return x;
  }
  static Value ofFloat(double v) {
    Value x;
    x.type = Type::Float;
    x.f = v;
    return x;
  }
  static Value ofBool(bool v) {
    Value x;
    x.type = Type::Bool;
    x.b = v;
    return x;
  }
  static Value ofString(std::string_view v) {
    Value x;
    x.type = Type::String;
    x.s = v;
    return x;
  }
};

Value cellAt(const Column& c, size_t row);
// Appends `v` (of the column's type) to `c`; strings are stored as given (the
// caller makes sure the bytes outlive the column, e.g. via Batch::arena()).
void appendValue(Column& c, const Value& v);
// A Value holding a literal (strings view the literal's own storage).
Value valueOfLiteral(const Literal& lit);

uint64_t hashValue(const Value& v);
bool valuesEqual(const Value& a, const Value& b);
// <0, 0, >0. Both values have the same type.
int compareValues(const Value& a, const Value& b);

// Composite keys: `cols` are column indices of the batch.
uint64_t hashKey(const Batch& b, const std::vector<int>& cols, size_t row);
bool keysEqual(const Batch& a, const std::vector<int>& colsA, size_t rowA, const Batch& b,
               const std::vector<int>& colsB, size_t rowB);
// Hashes of the key of rows sel[0..n) into out[0..n) (column at a time: the fast path).
void hashKeys(const Batch& b, const std::vector<int>& cols, const Selection& sel, std::vector<uint64_t>& out);

// Hash mixing shared by the functions above.
inline uint64_t mixHash(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}
inline uint64_t combineHash(uint64_t seed, uint64_t h) {
  return mixHash(seed ^ (h + 0x9e3779b97f4a7c15ULL + (seed << 6)));
}

}  // namespace popper

// Cell views, hashing and comparison of values and composite keys.
#include "runtime/data/Value.h"

#include <cmath>
#include <cstring>
#include <string_view>

namespace popper {

Value cellAt(const Column& c, size_t row) {
  switch (c.type) {
    case Type::Int:
      return Value::ofInt(c.ints[row]);
    case Type::Float:
      return Value::ofFloat(c.floats[row]);
    case Type::Bool:
      return Value::ofBool(c.bools[row] != 0);
    case Type::String:
      break;
  }
  return Value::ofString(c.strings[row]);
}

void appendValue(Column& c, const Value& v) {
  switch (c.type) {
    case Type::Int:
      c.ints.push_back(v.i);
      return;
    case Type::Float:
      c.floats.push_back(v.f);
      return;
    case Type::Bool:
      c.bools.push_back(v.b ? 1 : 0);
      return;
    case Type::String:
      c.strings.push_back(v.s);
      return;
  }
}

Value valueOfLiteral(const Literal& lit) {
  switch (lit.type()) {
    case Type::Int:
      return Value::ofInt(lit.asInt());
    case Type::Float:
      return Value::ofFloat(lit.asFloat());
    case Type::Bool:
      return Value::ofBool(lit.asBool());
    case Type::String:
      break;
  }
  return Value::ofString(lit.asString());
}

namespace {
uint64_t hashFloat(double f) {
  if (f == 0) f = 0;  // -0.0 and 0.0 hash alike
  if (std::isnan(f)) return 0x7ff8000000000000ULL;
  uint64_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  return mixHash(bits);
}
uint64_t hashString(std::string_view s) { return std::hash<std::string_view>{}(s); }

bool floatsEqual(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

int compareFloats(double a, double b) {
  bool na = std::isnan(a), nb = std::isnan(b);
  if (na || nb) return na == nb ? 0 : (na ? 1 : -1);
  return a < b ? -1 : (a > b ? 1 : 0);
}
}  // namespace

uint64_t hashValue(const Value& v) {
  switch (v.type) {
    case Type::Int:
      return mixHash(static_cast<uint64_t>(v.i));
    case Type::Float:
      return hashFloat(v.f);
    case Type::Bool:
      return mixHash(v.b ? 1 : 2);
    case Type::String:
      break;
  }
  return hashString(v.s);
}

bool valuesEqual(const Value& a, const Value& b) {
  if (a.type != b.type) return false;
  switch (a.type) {
    case Type::Int:
      return a.i == b.i;
    case Type::Float:
      return floatsEqual(a.f, b.f);
    case Type::Bool:
      return a.b == b.b;
    case Type::String:
      break;
  }
  return a.s == b.s;
}

int compareValues(const Value& a, const Value& b) {
  switch (a.type) {
    case Type::Int:
      return a.i < b.i ? -1 : (a.i > b.i ? 1 : 0);
    case Type::Float:
      return compareFloats(a.f, b.f);
    case Type::Bool:
      return int(a.b) - int(b.b);
    case Type::String:
      break;
  }
  int c = a.s.compare(b.s);  // char_traits<char>::compare is memcmp: unsigned bytes
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

uint64_t hashKey(const Batch& b, const std::vector<int>& cols, size_t row) {
  uint64_t h = 0x12345678;
  for (int c : cols) h = combineHash(h, hashValue(cellAt(b.column(c), row)));
  return h;
}

bool keysEqual(const Batch& a, const std::vector<int>& colsA, size_t rowA, const Batch& b,
               const std::vector<int>& colsB, size_t rowB) {
  for (size_t k = 0; k < colsA.size(); ++k)
    if (!valuesEqual(cellAt(a.column(colsA[k]), rowA), cellAt(b.column(colsB[k]), rowB))) return false;
  return true;
}

void hashKeys(const Batch& b, const std::vector<int>& cols, const Selection& sel,
              std::vector<uint64_t>& out) {
  out.assign(sel.size(), 0x12345678);
  for (int c : cols) {
    const Column& col = b.column(c);
    for (size_t i = 0; i < sel.size(); ++i) {
      uint64_t h;
      switch (col.type) {
        case Type::Int:
          h = mixHash(static_cast<uint64_t>(col.ints[sel[i]]));
          break;
        case Type::Float:
          h = hashFloat(col.floats[sel[i]]);
          break;
        case Type::Bool:
          h = mixHash(col.bools[sel[i]] ? 1 : 2);
          break;
        default:
          h = hashString(col.strings[sel[i]]);
          break;
      }
      out[i] = combineHash(out[i], h);
    }
  }
}

}  // namespace popper

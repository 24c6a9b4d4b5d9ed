// Formatting and parsing of values as text (see ValueText.h for the rules).
#include "runtime/data/ValueText.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

namespace popper {

size_t formatFloatTo(char* buf, double v) {
  if (std::isnan(v)) {
    std::copy_n("nan", 3, buf);
    return 3;
  }
  if (std::isinf(v)) {
    if (v < 0) {
      std::copy_n("-inf", 4, buf);
      return 4;
    }
    std::copy_n("inf", 3, buf);
    return 3;
  }
  // Shortest round-trip digits; notation chosen as Python's repr does (and the
  // oracle expects): fixed for decimal exponents in [-4, 16), else scientific.
  auto sci = std::to_chars(buf, buf + 30, v, std::chars_format::scientific);
  const char* e = static_cast<const char*>(std::memchr(buf, 'e', static_cast<size_t>(sci.ptr - buf)));
  int exponent = 0;
  std::from_chars(e + 1 + (e[1] == '+'), sci.ptr, exponent);
  if (exponent < -4 || exponent >= 16) return static_cast<size_t>(sci.ptr - buf);
  // Fixed notation from the same shortest digits: the decimal point moved
  // (what to_chars(fixed) prints, without converting a second time).
  char digits[20];
  size_t nd = 0;
  bool negative = buf[0] == '-';
  for (const char* p = buf + (negative ? 1 : 0); p < e; ++p)
    if (*p != '.') digits[nd++] = *p;
  size_t n = 0;
  if (negative) buf[n++] = '-';
  if (exponent < 0) {
    buf[n++] = '0';
    buf[n++] = '.';
    for (int z = -1; z > exponent; --z) buf[n++] = '0';
    std::memcpy(buf + n, digits, nd);
    return n + nd;
  }
  auto whole = static_cast<size_t>(exponent) + 1;
  for (size_t i = 0; i < whole; ++i) buf[n++] = i < nd ? digits[i] : '0';
  buf[n++] = '.';  // a whole number still shows it is a float
  if (nd <= whole) {
    buf[n++] = '0';
    return n;
  }
  std::memcpy(buf + n, digits + whole, nd - whole);
  return n + nd - whole;
}

void appendFloat(std::string& out, double v) {
  char buf[40];
  out.append(buf, formatFloatTo(buf, v));
}

std::string formatFloat(double v) {
  std::string s;
  appendFloat(s, v);
  return s;
}

void appendInt(std::string& out, int64_t v) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

void appendValueText(std::string& out, const Value& v) {
  switch (v.type) {
    case Type::Int:
      appendInt(out, v.i);
      return;
    case Type::Float:
      appendFloat(out, v.f);
      return;
    case Type::Bool:
      out.append(v.b ? "true" : "false");
      return;
    case Type::String:
      out.append(v.s);
      return;
  }
}

std::optional<bool> parseBool(std::string_view s) {
  auto eq = [](std::string_view a, const char* lower) {
    size_t n = std::strlen(lower);
    if (a.size() != n) return false;
    for (size_t i = 0; i < n; ++i)
      if ((a[i] | 0x20) != lower[i]) return false;
    return true;
  };
  if (eq(s, "true")) return true;
  if (eq(s, "false")) return false;
  return std::nullopt;
}

}  // namespace popper

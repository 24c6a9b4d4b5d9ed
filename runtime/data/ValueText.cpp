// Formatting and parsing of values as text (see ValueText.h for the rules).
#include "runtime/data/ValueText.h"

#include <charconv>
#include <cmath>
#include <cstring>


namespace popper {

size_t formatFloatTo(char* buf, double v) {
  if (std::isnan(v)) { std::memcpy(buf, "nan", 3); return 3; }
  if (std::isinf(v)) {
    if (v < 0) { std::memcpy(buf, "-inf", 4); return 4; }
    std::memcpy(buf, "inf", 3);
    return 3;
  }
  auto res = std::to_chars(buf, buf + 30, v);
  size_t n = static_cast<size_t>(res.ptr - buf);
  // Shortest form of a whole number has neither '.' nor exponent: add ".0".
  if (!std::memchr(buf, '.', n) && !std::memchr(buf, 'e', n)) {
    buf[n++] = '.';
    buf[n++] = '0';
  }
  return n;
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
    case Type::Int: appendInt(out, v.i); return;
    case Type::Float: appendFloat(out, v.f); return;
    case Type::Bool: out.append(v.b ? "true" : "false"); return;
    case Type::String: out.append(v.s); return;
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

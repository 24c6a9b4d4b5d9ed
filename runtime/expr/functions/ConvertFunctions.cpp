// to_int, to_float, to_string: conversions between types. Strings must parse
// whole (no surrounding spaces); failures are row errors quoting the value.
#include <charconv>
#include <cmath>
#include <string>

#include "runtime/data/ValueText.h"
#include "runtime/expr/Functions.h"

namespace popper {

namespace {
// 'value' for an error message, cut short when long.
std::string quoted(std::string_view s) {
  constexpr size_t kMax = 40;
  std::string q = "'";
  if (s.size() > kMax) {
    q.append(s.substr(0, kMax));
    q.append("...");
  } else {
    q.append(s);
  }
  q.push_back('\'');
  return q;
}
}  // namespace

void fnToInt(const FunctionCall& c) {
  const Column& a = c.args[0];
  c.out.ints.resize(c.n);
  int64_t* o = c.out.ints.data();
  switch (a.type) {
    case Type::Int:
      for (size_t i = 0; i < c.n; ++i) o[i] = a.ints[i];
      return;
    case Type::Bool:
      for (size_t i = 0; i < c.n; ++i) o[i] = a.bools[i];
      return;
    case Type::Float:
      for (size_t i = 0; i < c.n; ++i) {
        double v = a.floats[i];
        // Truncates toward zero; the range is [-2^63, 2^63).
        if (!(v >= -9223372036854775808.0 && v < 9223372036854775808.0)) {
          o[i] = 0;
          c.fail(i, "cannot convert " + formatFloat(v) + " to int");
        } else {
          o[i] = static_cast<int64_t>(v);
        }
      }
      return;
    case Type::String:
      for (size_t i = 0; i < c.n; ++i) {
        std::optional<int64_t> v = parseInt(a.strings[i]);
        o[i] = v.value_or(0);
        if (!v) c.fail(i, "cannot convert " + quoted(a.strings[i]) + " to int");
      }
      return;
  }
}

void fnToFloat(const FunctionCall& c) {
  const Column& a = c.args[0];
  c.out.floats.resize(c.n);
  double* o = c.out.floats.data();
  switch (a.type) {
    case Type::Int:
      for (size_t i = 0; i < c.n; ++i) o[i] = static_cast<double>(a.ints[i]);
      return;
    case Type::Float:
      for (size_t i = 0; i < c.n; ++i) o[i] = a.floats[i];
      return;
    case Type::Bool:
      for (size_t i = 0; i < c.n; ++i) o[i] = a.bools[i];
      return;
    case Type::String:
      for (size_t i = 0; i < c.n; ++i) {
        std::optional<double> v = parseFloat(a.strings[i]);
        o[i] = v.value_or(0);
        if (!v) c.fail(i, "cannot convert " + quoted(a.strings[i]) + " to float");
      }
      return;
  }
}

void fnToString(const FunctionCall& c) {
  const Column& a = c.args[0];
  c.out.strings.resize(c.n);
  if (a.type == Type::String) {
    for (size_t i = 0; i < c.n; ++i) c.out.strings[i] = a.strings[i];
    return;
  }
  char buf[40];
  for (size_t i = 0; i < c.n; ++i) {
    size_t len;
    switch (a.type) {
      case Type::Float:
        len = formatFloatTo(buf, a.floats[i]);
        break;
      case Type::Bool:
        c.out.strings[i] = a.bools[i] ? "true" : "false";
        continue;
      default:
        len = static_cast<size_t>(std::to_chars(buf, buf + sizeof buf, a.ints[i]).ptr - buf);
        break;
    }
    c.out.strings[i] = c.arena.store(std::string_view(buf, len));
  }
}

}  // namespace popper

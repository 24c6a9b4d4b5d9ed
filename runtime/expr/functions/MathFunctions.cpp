// abs, round, floor, ceil, min, max on ints and floats (min/max also on
// strings, byte-wise). round is half away from zero. For floats, min and max
// return NaN when any argument is NaN.
#include <cmath>
#include <limits>

#include "runtime/expr/Functions.h"

namespace popper {

void fnAbs(const FunctionCall& c) {
  const Column& a = c.args[0];
  if (a.type == Type::Float) {
    c.out.floats.resize(c.n);
    for (size_t i = 0; i < c.n; ++i) c.out.floats[i] = std::fabs(a.floats[i]);
    return;
  }
  c.out.ints.resize(c.n);
  for (size_t i = 0; i < c.n; ++i) {
    int64_t v = a.ints[i];
    if (v == std::numeric_limits<int64_t>::min()) {
      c.out.ints[i] = 0;
      c.fail(i, "integer overflow");
    } else {
      c.out.ints[i] = v < 0 ? -v : v;
    }
  }
}

namespace {
template <double (*F)(double)>
void roundLike(const FunctionCall& c) {
  const Column& a = c.args[0];
  if (a.type == Type::Int) {
    c.out.ints.assign(a.ints.begin(), a.ints.begin() + c.n);
    return;
  }
  c.out.floats.resize(c.n);
  for (size_t i = 0; i < c.n; ++i) c.out.floats[i] = F(a.floats[i]);
}

double roundHalfAway(double v) { return std::round(v); }
double floorOf(double v) { return std::floor(v); }
double ceilOf(double v) { return std::ceil(v); }

template <bool IsMin>
void extreme(const FunctionCall& c) {
  const Column& first = c.args[0];
  switch (first.type) {
    case Type::Int:
      c.out.ints.assign(first.ints.begin(), first.ints.begin() + c.n);
      for (size_t k = 1; k < c.args.size(); ++k)
        for (size_t i = 0; i < c.n; ++i) {
          int64_t v = c.args[k].ints[i];
          int64_t& o = c.out.ints[i];
          o = IsMin ? (v < o ? v : o) : (v > o ? v : o);
        }
      return;
    case Type::Float:
      c.out.floats.assign(first.floats.begin(), first.floats.begin() + c.n);
      for (size_t k = 1; k < c.args.size(); ++k)
        for (size_t i = 0; i < c.n; ++i) {
          double v = c.args[k].floats[i];
          double& o = c.out.floats[i];
          if (std::isnan(o)) continue;
          if (std::isnan(v))
            o = v;
          else
            o = IsMin ? (v < o ? v : o) : (v > o ? v : o);
        }
      return;
    case Type::Bool:
      c.out.bools.assign(first.bools.begin(), first.bools.begin() + c.n);
      for (size_t k = 1; k < c.args.size(); ++k)
        for (size_t i = 0; i < c.n; ++i) {
          uint8_t v = c.args[k].bools[i];
          uint8_t& o = c.out.bools[i];
          o = IsMin ? (v < o ? v : o) : (v > o ? v : o);
        }
      return;
    case Type::String:
      c.out.strings.assign(first.strings.begin(), first.strings.begin() + c.n);
      for (size_t k = 1; k < c.args.size(); ++k)
        for (size_t i = 0; i < c.n; ++i) {
          std::string_view v = c.args[k].strings[i];
          std::string_view& o = c.out.strings[i];
          o = IsMin ? (v < o ? v : o) : (v > o ? v : o);
        }
      return;
  }
}
}  // namespace

void fnRound(const FunctionCall& c) { roundLike<roundHalfAway>(c); }
void fnFloor(const FunctionCall& c) { roundLike<floorOf>(c); }
void fnCeil(const FunctionCall& c) { roundLike<ceilOf>(c); }
void fnMin(const FunctionCall& c) { extreme<true>(c); }
void fnMax(const FunctionCall& c) { extreme<false>(c); }

}  // namespace popper

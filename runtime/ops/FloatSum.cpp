// The rare paths of FloatSum and its final rounding (see FloatSum.h).
#include "runtime/ops/FloatSum.h"

#include <limits>

namespace popper::ops {

namespace {

unsigned __int128 magnitude(__int128 v) {
  return v < 0 ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
}

int bitWidth(unsigned __int128 v) {
  uint64_t high = static_cast<uint64_t>(v >> 64);
  return high != 0 ? 128 - std::countl_zero(high) : 64 - std::countl_zero(static_cast<uint64_t>(v));
}

// Adds x to the n partials p[0..n) (p has room for n + 1); returns the new
// count. CPython's math_fsum loop, branch-free: which operand is larger and
// whether lo is zero depend on the data.
size_t addPartial(double* p, size_t n, double x) {
  size_t i = 0;
  for (size_t j = 0; j < n; ++j) {
    double y = p[j];
    bool swap = std::fabs(x) < std::fabs(y);
    double big = swap ? y : x;
    double small = swap ? x : y;
    double hi = big + small;
    double lo = small - (hi - big);
    p[i] = lo;  // i <= j: p[j] is already read
    i += lo != 0.0;
    x = hi;
  }
  p[i] = x;
  return i + (x != 0.0);
}

}  // namespace

FloatSum::Rare& FloatSum::rare() {
  if (!rare_) rare_ = std::make_unique<Rare>();
  return *rare_;
}

bool FloatSum::rebase(int exponent) {
  int shift = exp_ - exponent;
  if (bitWidth(magnitude(fixed_)) + shift > 125) return false;
  fixed_ = static_cast<__int128>(static_cast<unsigned __int128>(fixed_) << shift);
  exp_ = exponent;
  return true;
}

void FloatSum::addPartials(double x) {
  Rare& r = rare();
  std::vector<double>& p = r.partials;
  auto push = [&](double v) {
    if (r.overflow != 0) return;
    if (!std::isfinite(v)) {  // a chunk of a fixed point past DBL_MAX
      r.overflow = v;
      p.clear();
      return;
    }
    p.push_back(0);
    p.resize(addPartial(p.data(), p.size() - 1, v));
    if (!p.empty() && !std::isfinite(p.back())) {
      r.overflow = p.back();
      p.clear();
    }
  };
  if (!usePartials_) {
    // Hand the fixed point over as 52-bit chunks, each exact as a double.
    usePartials_ = true;
    unsigned __int128 m = magnitude(fixed_);
    double sign = fixed_ < 0 ? -1.0 : 1.0;
    for (int k = 0; k < 3; ++k) {
      uint64_t chunk = static_cast<uint64_t>(m >> (52 * k)) & ((uint64_t{1} << 52) - 1);
      if (chunk != 0) push(sign * std::ldexp(static_cast<double>(chunk), exp_ + 52 * k));
    }
    fixed_ = 0;
  }
  push(x);
}

void FloatSum::addSpecial(double x, int64_t w) {
  Rare& r = rare();
  if (std::isnan(x))
    r.nans += w;
  else if (x > 0)
    r.posInfs += w;
  else
    r.negInfs += w;
}

double FloatSum::value() const {
  if (rare_) {
    const Rare& r = *rare_;
    if (r.nans > 0 || (r.posInfs > 0 && r.negInfs > 0)) return std::numeric_limits<double>::quiet_NaN();
    if (r.posInfs > 0) return std::numeric_limits<double>::infinity();
    if (r.negInfs > 0) return -std::numeric_limits<double>::infinity();
    if (r.overflow != 0) return r.overflow;
  }
  if (!usePartials_) {
    // int128 -> double rounds half-even; scaling by 2^exp_ is then exact: a
    // result below 2^-1022 is a multiple of 2^-1074 under 2^52 units, which
    // the conversion kept exactly, and one past DBL_MAX is IEEE's infinity.
    if (fixed_ == 0) return 0.0;
    return std::ldexp(static_cast<double>(fixed_), exp_);
  }
  // CPython's math_fsum: sum the partials from the top while the sum stays
  // exact, then correct a half-way case that the partials below decide.
  const std::vector<double>& p = rare_->partials;
  size_t n = p.size();
  double hi = 0.0;
  if (n > 0) {
    double lo = 0.0;
    hi = p[--n];
    while (n > 0) {
      double x = hi;
      double y = p[--n];
      hi = x + y;
      double yr = hi - x;
      lo = y - yr;
      if (lo != 0.0) break;
    }
    // Half-even rounding across several partials: sum([1e-16, 1, 1e16]) must
    // round the last digit up, since the 1e-16 makes the 1 closer to two.
    if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0))) {
      double y = lo * 2.0;
      double x = hi + y;
      double yr = x - hi;
      if (y == yr) hi = x;
    }
  }
  return hi;
}

}  // namespace popper::ops

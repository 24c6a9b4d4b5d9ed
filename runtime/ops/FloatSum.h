// FloatSum: the exact, order-independent accumulator behind float SUM / AVG
// of GROUP BY. Adding and retracting in arrival order with plain doubles
// leaves a rounding residue that depends on the order (0.1 + 0.2 + 0.3 with
// 0.1 retracted and 0.7 added is 1.2000000000000002, from scratch 1.2), so an
// incremental run would disagree with a from-scratch one. Here the state
// always holds the exact sum of the live values, a retraction subtracts
// exactly, and value() is that sum correctly rounded (half-even, as CPython's
// math.fsum), so it depends only on the multiset of live values.
//
// Two exact representations:
//  - fixed point (the fast path): an int128 count of units of 2^exp_, exp_
//    the lowest set bit of any value seen. Values of similar magnitude (the
//    usual case: one-decimal speeds need about 85 bits for 2M rows) add as
//    one shifted integer add; value() is one int128 -> double rounding.
//  - Shewchuk's non-overlapping partials (CPython's math_fsum, including its
//    final half-way correction), once the fixed point would need more than
//    125 bits (magnitudes far apart, e.g. 1e-300 with 1e300). A partials
//    loop per row was 1.6x slower than plain doubles on the GROUP BY bench
//    (sums of one-decimal values end with 2 to 7 partials), hence the first.
// Infinities and NaNs are counted apart (as CPython's fsum keeps them out of
// the partials) and give IEEE summation's result: any NaN, or +inf with -inf,
// is NaN, otherwise the infinity. If the partials themselves overflow (live
// finite values summing past DBL_MAX) the sum saturates to that infinity
// until the group empties: the one state a retraction cannot undo.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

namespace popper::ops {

class FloatSum {
 public:
  void add(double x) { addSigned(x, false); }
  void retract(double x) { addSigned(x, true); }
  // The correctly rounded sum of the live values (IEEE results for inf/NaN).
  double value() const;
  void clear() {
    fixed_ = 0;
    exp_ = 0;
    usePartials_ = false;
    rare_.reset();
  }

 private:
  void addSigned(double x, bool negate) {
    if (!std::isfinite(x)) return addSpecial(x, negate ? -1 : 1);
    if (!usePartials_ && addFixed(x, negate)) return;
    addPartials(negate ? -x : x);
  }
  // Adds +-x to the fixed point; false (nothing changed) if it does not fit.
  bool addFixed(double x, bool negate) {
    uint64_t bits = std::bit_cast<uint64_t>(x);
    int biased = static_cast<int>(bits >> 52) & 0x7ff;
    uint64_t mantissa = bits & ((uint64_t{1} << 52) - 1);
    if (biased != 0)
      mantissa |= uint64_t{1} << 52;
    else if (mantissa == 0)
      return true;  // +-0 changes no sum
    int exponent = (biased != 0 ? biased : 1) - 1075;
    int zeros = std::countr_zero(mantissa);
    mantissa >>= zeros;
    exponent += zeros;
    if (fixed_ == 0)
      exp_ = exponent;
    else if (exponent < exp_ && !rebase(exponent))
      return false;
    int shift = exponent - exp_;
    if (shift > 125 - 53) return false;
    __int128 term = static_cast<__int128>(mantissa) << shift;
    if (((bits >> 63) != 0) != negate) term = -term;
    __int128 sum;
    if (__builtin_add_overflow(fixed_, term, &sum)) return false;
    fixed_ = sum;
    return true;
  }
  // Lowers exp_ to `exponent`, if the shifted sum keeps within 125 bits.
  bool rebase(int exponent);
  void addPartials(double x);
  void addSpecial(double x, int64_t w);

  // Rare state: the partials, infinities / NaNs, an overflow.
  struct Rare {
    std::vector<double> partials;  // increasing magnitude, non-overlapping
    int64_t nans = 0, posInfs = 0, negInfs = 0;
    double overflow = 0;  // +inf / -inf once the partials overflowed
  };
  Rare& rare();

  __int128 fixed_ = 0;
  int32_t exp_ = 0;
  bool usePartials_ = false;
  std::unique_ptr<Rare> rare_;
};

}  // namespace popper::ops

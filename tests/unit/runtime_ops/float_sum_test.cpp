// FloatSum (the float SUM / AVG state of GROUP BY): its value must be the
// correctly rounded exact sum of the live values, whatever the order of
// inserts and retractions. Checked against Python's math.fsum (an independent
// exact implementation) on random data from subnormals to 1e300, and for
// bit-identical results over random histories with retractions.
#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "runtime/ops/FloatSum.h"

using namespace popper::ops;

namespace {

double sumOf(const std::vector<double>& values) {
  FloatSum s;
  for (double v : values) s.add(v);
  return s.value();
}

// Random values of one of several shapes: similar magnitudes (the fixed-point
// path), magnitudes far apart (the partials), subnormals, cancellation.
std::vector<double> randomValues(std::mt19937_64& rng, int shape, size_t n) {
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  std::uniform_int_distribution<int> tenths(0, 1299);
  std::uniform_int_distribution<int> wide(-1070, 1000);
  std::uniform_int_distribution<int> tiny(-1074, -1000);
  std::vector<double> v;
  for (size_t i = 0; i < n; ++i) {
    switch (shape) {
      case 0:
        v.push_back(tenths(rng) / 10.0);
        break;
      case 1:
        v.push_back(std::ldexp(unit(rng), wide(rng)));
        break;
      case 2:
        v.push_back(std::ldexp(unit(rng), tiny(rng)));
        break;
      default: {
        double x = std::ldexp(unit(rng), wide(rng) / 8);
        v.push_back(x);
        if (i + 1 < n) v.push_back(-x * (1 + std::ldexp(unit(rng), -40))), ++i;
      }
    }
  }
  return v;
}

bool sameBits(double a, double b) { return std::bit_cast<uint64_t>(a) == std::bit_cast<uint64_t>(b); }

}  // namespace

TEST_CASE("float sums are correctly rounded like math.fsum, on random data of any magnitude") {
  std::mt19937_64 rng(20261121);
  std::vector<std::vector<double>> sets;
  for (int shape = 0; shape < 4; ++shape)
    for (int k = 0; k < 50; ++k) sets.push_back(randomValues(rng, shape, 1 + rng() % 300));
  sets.push_back({1e-16, 1.0, 1e16});  // the half-way correction of math_fsum
  sets.push_back({1e300, 1e-300, -1e300});
  sets.push_back({std::ldexp(1.0, 53), 1.0, std::ldexp(1.0, -60)});
  sets.push_back({0.1, 0.2, 0.3});
  sets.push_back({-0.0, -0.0});

  auto dir = std::filesystem::temp_directory_path() / ("popper-fsum-" + std::to_string(rng()));
  std::filesystem::create_directories(dir);
  {
    std::ofstream data(dir / "sets.txt");
    char buf[64];
    for (auto& set : sets) {
      for (double v : set) {
        std::snprintf(buf, sizeof buf, "%a ", v);
        data << buf;
      }
      data << "\n";
    }
  }
  std::string command =
      "python3 -c \"import math,sys\nfor line in open(sys.argv[1]):\n"
      "  print((math.fsum(float.fromhex(t) for t in line.split()) + 0.0).hex())\" " +
      (dir / "sets.txt").string();
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::vector<double> want;
  char line[128];
  while (std::fgets(line, sizeof line, pipe)) want.push_back(std::strtod(line, nullptr));
  REQUIRE(pclose(pipe) == 0);
  std::filesystem::remove_all(dir);
  REQUIRE(want.size() == sets.size());
  for (size_t i = 0; i < sets.size(); ++i) {
    double got = sumOf(sets[i]);
    CHECK_MESSAGE(sameBits(got, want[i]), "set " << i << ": got " << got << ", math.fsum " << want[i]);
  }
  CHECK(sumOf({1e-16, 1.0, 1e16}) == 10000000000000002.0);
}

TEST_CASE("random histories with retractions give the bits of the live values' sum") {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::vector<double> pool = randomValues(rng, round % 4, 2 + rng() % 60);
    // The live values at the end: a random subset of the pool.
    std::vector<bool> live(pool.size());
    std::vector<double> kept;
    for (size_t i = 0; i < pool.size(); ++i)
      if ((live[i] = rng() % 3 != 0)) kept.push_back(pool[i]);
    std::shuffle(kept.begin(), kept.end(), rng);
    double fromScratch = sumOf(kept);
    for (int history = 0; history < 4; ++history) {
      // Insert every pool value in a random order, retracting the dead ones
      // at random points (and some live ones, re-inserted later).
      std::vector<size_t> order(pool.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::shuffle(order.begin(), order.end(), rng);
      FloatSum s;
      std::vector<size_t> toRetract;
      for (size_t i : order) {
        s.add(pool[i]);
        if (!live[i] || rng() % 4 == 0) toRetract.push_back(i);
        if (!toRetract.empty() && rng() % 2 == 0) {
          size_t j = toRetract.back();
          toRetract.pop_back();
          s.retract(pool[j]);
          if (live[j]) s.add(pool[j]);
        }
      }
      for (size_t j : toRetract) {
        s.retract(pool[j]);
        if (live[j]) s.add(pool[j]);
      }
      CHECK_MESSAGE(sameBits(s.value(), fromScratch), "round " << round << " history " << history);
    }
  }
}

TEST_CASE("infinities and NaN sum as in IEEE arithmetic, and retracting them restores the finite sum") {
  const double inf = std::numeric_limits<double>::infinity();
  FloatSum s;
  s.add(0.1);
  s.add(inf);
  CHECK(s.value() == inf);
  s.add(-inf);
  CHECK(std::isnan(s.value()));
  s.retract(inf);
  CHECK(s.value() == -inf);
  s.retract(-inf);
  s.add(std::nan(""));
  CHECK(std::isnan(s.value()));
  s.retract(std::nan(""));
  s.add(0.2);
  CHECK(sameBits(s.value(), 0.30000000000000004));
  // Finite values whose sum passes DBL_MAX saturate to infinity.
  FloatSum big;
  big.add(std::numeric_limits<double>::max());
  big.add(std::numeric_limits<double>::max());
  CHECK(big.value() == inf);
  big.clear();
  big.add(1.5);
  CHECK(big.value() == 1.5);
}

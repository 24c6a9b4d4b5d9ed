// HashIndex against a std::multimap oracle: every hash lists exactly the
// indices inserted under it, in insertion order, through growth, with many
// distinct hashes, hashes that agree in their low bits, and one hash shared by
// thousands of indices.
#include <doctest/doctest.h>

#include <map>
#include <random>
#include <vector>

#include "runtime/ops/HashIndex.h"

using popper::ops::HashIndex;

namespace {

std::vector<uint32_t> listed(const HashIndex& index, uint64_t hash) {
  std::vector<uint32_t> out;
  for (uint32_t i = index.first(hash); i != HashIndex::kNone; i = index.next(i)) out.push_back(i);
  return out;
}

}  // namespace

TEST_CASE("HashIndex lists the indices of a hash in insertion order") {
  HashIndex index;
  CHECK(index.empty());
  CHECK(index.first(42) == HashIndex::kNone);
  std::mt19937_64 rng(7);
  std::multimap<uint64_t, uint32_t> oracle;  // equal keys keep insertion order
  std::vector<uint64_t> hashes;
  for (uint32_t i = 0; i < 20000; ++i) {
    uint64_t h;
    switch (rng() % 4) {
      case 0:  // one hot hash (a join key with many matches)
        h = 0xDEADBEEF;
        break;
      case 1:  // hashes whose low 32 bits agree
        h = (rng() % 64) << 32;
        break;
      case 2:  // an earlier hash again
        h = hashes.empty() ? rng() : hashes[rng() % hashes.size()];
        break;
      default:
        h = rng();
        break;
    }
    hashes.push_back(h);
    index.insert(h, i);
    oracle.emplace(h, i);
  }
  CHECK_FALSE(index.empty());
  for (uint64_t h : hashes) {
    auto [b, e] = oracle.equal_range(h);
    std::vector<uint32_t> want;
    for (; b != e; ++b) want.push_back(b->second);
    REQUIRE(listed(index, h) == want);
  }
  CHECK(listed(index, 12345).empty());
  CHECK(listed(index, 0xDEADBEEF).size() > 4000);
}

// HashIndex: hash -> the dense indices (0, 1, 2, ...) stored under it, in
// insertion order, for the hash tables of joins and groups (which compare the
// keys themselves). Open addressing over the distinct hashes, one slot of 16
// bytes each at most half full, and the indices that share a hash chained
// through one 4-byte link per index: no allocation per entry (an
// unordered_multimap's node per row was the largest cost of a GROUP BY), and
// a hash shared by many rows (a join key with many matches) costs no probing.
#pragma once

#include <cstdint>
#include <vector>

namespace popper::ops {

class HashIndex {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // Adds `index` under `hash`. Indices are dense and each added once.
  void insert(uint64_t hash, uint32_t index) {
    if (index >= next_.size()) next_.resize(static_cast<size_t>(index) + 1, kNone);
    if ((used_ + 1) * 2 > slots_.size()) grow();
    Slot& s = slots_[find(hash)];
    next_[index] = kNone;
    if (s.head == kNone) {
      s = Slot{hash, index, index};
      ++used_;
      return;
    }
    next_[s.tail] = index;
    s.tail = index;
  }
  // The first index under `hash` (kNone if none); then next(i) until kNone.
  uint32_t first(uint64_t hash) const {
    if (slots_.empty()) return kNone;
    return slots_[find(hash)].head;
  }
  uint32_t next(uint32_t index) const { return next_[index]; }
  bool empty() const { return used_ == 0; }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t head = kNone, tail = kNone;
  };
  // The slot of `hash`, or the empty slot where it would go.
  size_t find(uint64_t hash) const {
    size_t mask = slots_.size() - 1;
    // Fibonacci hashing spreads hashes whose low bits agree.
    size_t i = static_cast<size_t>((hash * 0x9E3779B97F4A7C15ull) >> shift_) & mask;
    while (slots_[i].head != kNone && slots_[i].hash != hash) i = (i + 1) & mask;
    return i;
  }
  void grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{});
    shift_ = 64;
    for (size_t n = slots_.size(); n > 1; n >>= 1) --shift_;
    for (const Slot& s : old)
      if (s.head != kNone) slots_[find(s.hash)] = s;
  }

  std::vector<Slot> slots_;
  std::vector<uint32_t> next_;
  size_t used_ = 0;
  int shift_ = 64;
};

}  // namespace popper::ops

// GroupTable: the incremental state of GROUP BY. Per group: its key values
// (deep copies), its live row count and one accumulator per aggregate:
//  COUNT(*) / COUNT(x): the row count (values are never null);
//  SUM / AVG: an int sum with overflow checks, or an exact float sum
//  (FloatSum: order-independent, so retractions leave no rounding residue);
//  MIN / MAX: a multiset of values with counts, so retracting the current
//  minimum falls back to the next one. Until a group's first retraction the
//  multiset is just its values in arrival order plus the index of the
//  extreme (a tree insert per row, with a cache miss per level, was most of
//  the cost of GROUP BY); the first retraction turns them into the tree.
// A change (weight +1 / -1) updates one group; a group whose count drops to 0
// is no longer live (its row is retracted downstream by the operator).
// Where the plan proves no retraction reaches the GROUP BY (setInsertOnly),
// MIN / MAX keep only the extreme, not every value.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/sema/BoundExpr.h"
#include "runtime/data/Batch.h"
#include "runtime/data/Delta.h"
#include "runtime/data/Value.h"
#include "runtime/ops/FloatSum.h"
#include "runtime/ops/HashIndex.h"

namespace popper::ops {

// A cell value that owns its string.
struct OwnedValue {
  Type type = Type::Int;
  int64_t i = 0;
  double f = 0;
  bool b = false;
  std::string s;

  static OwnedValue of(const Value& v);
  Value view() const;
};

struct AggregateSpec {
  AggFunc func = AggFunc::CountStar;
  Type argType = Type::Int;  // unused for COUNT(*)
  Type outType = Type::Int;
};

class GroupTable {
 public:
  GroupTable(const SchemaPtr& keySchema, std::vector<AggregateSpec> aggregates);

  // Applies change `w` of one row whose key is row r of `keys` (hashed to
  // `hash`) and whose aggregate arguments are row r of `args` (one column per
  // aggregate; COUNT(*)'s is ignored). Returns the group index, or an error
  // reason (an int SUM overflow) with nothing changed. A retraction of a row
  // the group does not hold changes nothing and returns nullopt group.
  struct Applied {
    std::optional<uint32_t> group;
    std::string error;
  };
  Applied apply(const Batch& keys, size_t r, uint64_t hash, const Batch& args, Weight w);
  // No retraction will come: MIN / MAX keep the extreme only (applying a retraction is then a bug).
  void setInsertOnly() { insertOnly_ = true; }

  size_t size() const { return groups_.size(); }
  bool live(uint32_t g) const { return groups_[g].count > 0; }
  int64_t count(uint32_t g) const { return groups_[g].count; }
  // Appends the group's output row (keys then aggregates) to `out`'s columns
  // (strings into out's arena); ids and weights are the caller's.
  void appendRow(uint32_t g, Batch& out) const;
  // Order key of the group: its key values, ascending.
  OrderKey orderKey(uint32_t g) const;
  uint64_t hash(uint32_t g) const { return groups_[g].hash; }

 private:
  struct Accumulator {
    int64_t isum = 0;
    FloatSum fsum;
    // MIN / MAX before the group's first retraction: the values in arrival
    // order and the index of the extreme (the first of equal ones).
    std::vector<OwnedValue> arrived;
    size_t extreme = 0;
    // Retractions of other values only go to `gone`. Once the extreme itself
    // is retracted: a binary heap of the values, best on top (ties: first
    // arrived), and `gone` as a heap of retracted values not yet at the top
    // (lazy deletion: they leave when they surface). Contiguous, so a change
    // costs O(log n) without a cache miss per level, as a tree node per value
    // had; most groups never need the heap.
    bool heaped = false;
    struct Ranked {
      OwnedValue value;
      uint64_t arrival = 0;
    };
    std::vector<Ranked> heap;
    std::vector<OwnedValue> gone;
  };
  // Turns a MIN / MAX accumulator's arrived values into its heap.
  static void buildHeap(Accumulator& acc, AggFunc func);
  // Drops retracted values from the top of the heap.
  static void settle(Accumulator& acc, AggFunc func);
  // Heap orders (the "largest" is on top): the best value is the largest for
  // MAX and the smallest for MIN; among equal values the first arrived.
  struct RankedWorse {
    AggFunc func;
    bool operator()(const Accumulator::Ranked& a, const Accumulator::Ranked& b) const;
  };
  struct ValueWorse {
    AggFunc func;
    bool operator()(const OwnedValue& a, const OwnedValue& b) const;
  };
  static const OwnedValue& extremeOf(const Accumulator& acc);
  struct Group {
    uint64_t hash = 0;
    int64_t count = 0;
    std::vector<Accumulator> acc;
  };

  Batch keyRows_;
  std::vector<int> keyCols_;
  std::vector<AggregateSpec> aggs_;
  std::vector<Group> groups_;
  HashIndex byHash_;
  std::vector<int64_t> newSums_;  // scratch for apply()
  bool insertOnly_ = false;
  uint64_t nextArrival_ = uint64_t{1} << 32;  // heap ranks of values arriving after a heap was built
};

}  // namespace popper::ops

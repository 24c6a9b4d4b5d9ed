// JoinState: the indexed state of an incremental symmetric hash join. Each
// side keeps a multiset of its live rows (deep copies, so they outlive the
// batches they came in), indexed by the hash of their join key and by their
// order key (a row's identity). A change on one side is matched against the
// other side's live rows, then recorded on its own side:
//  - an insertion joins with every live row of the other side;
//  - a retraction of a live row retracts exactly the joined rows it is part
//    of now (pairs with rows retracted earlier were retracted with them);
//  - retracting a row that is not live changes nothing.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "runtime/data/Batch.h"
#include "runtime/data/Delta.h"
#include "runtime/ops/HashIndex.h"

namespace popper::ops {

class JoinState {
 public:
  // Schemas of the two sides' rows and of their (evaluated) join keys.
  JoinState(SchemaPtr left, SchemaPtr right, const SchemaPtr& keySchema);

  struct Match {
    uint32_t row = 0;    // index into stored(other side)
    int64_t copies = 0;  // how many live copies of that row
  };
  // Applies change `w` of row r of `rows` (its key is row kr of `keys`,
  // hashed to `hash`; its identity `key`) on `side` (0 left, 1 right). Fills
  // `matches` with the other side's live rows it joins with, in the order they
  // were first stored. Returns false (and changes nothing) for a retraction of
  // a row that is not live.
  bool apply(int side, const Batch& rows, size_t r, const Batch& keys, size_t kr, uint64_t hash,
             const OrderKey& key, Weight w, std::vector<Match>& matches);

  // Insert-only use (no retraction can reach the join): the other side's
  // live rows matching a key, without storing anything.
  void probe(int otherSide, const Batch& keys, size_t kr, uint64_t hash, std::vector<Match>& matches) const;
  // Stores row r on `side` without an identity (it will never be retracted);
  // `key` may be null when the plan needs no order keys.
  void insertOnly(int side, const Batch& rows, size_t r, const Batch& keys, size_t kr, uint64_t hash,
                  const OrderKey* key);
  bool hasStoredKeys(int side) const { return !sides_[side].keys.empty(); }

  const Batch& stored(int side) const { return sides_[side].rows; }
  const OrderKey& storedKey(int side, uint32_t row) const { return sides_[side].keys[row]; }
  // Live rows on a side, counting copies.
  int64_t liveRows(int side) const { return sides_[side].live; }

 private:
  struct Side {
    Batch rows;
    Batch keyColumns;
    std::vector<OrderKey> keys;
    std::vector<int64_t> counts;
    HashIndex byHash;
    std::unordered_map<OrderKey, uint32_t> byKey;
    int64_t live = 0;
  };
  Side sides_[2];
  std::vector<int> keyCols_;
};

}  // namespace popper::ops

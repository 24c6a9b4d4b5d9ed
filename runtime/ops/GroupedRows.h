// GroupedRows: the state of the non-incremental operators (REDUCE, COMBINE).
// GroupIndex numbers the distinct key values; MemberStore keeps one input's
// live rows (deep copies, a multiset by order key) and which group each row
// belongs to, so a changed group can be recomputed from its live rows.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "runtime/data/Batch.h"
#include "runtime/data/Delta.h"
#include "runtime/ops/HashIndex.h"

namespace popper::ops {

class GroupIndex {
 public:
  explicit GroupIndex(const SchemaPtr& keySchema);
  uint32_t findOrAdd(const Batch& keys, size_t r, uint64_t hash);
  size_t size() const { return hashes_.size(); }
  OrderKey orderKey(uint32_t g) const;
  uint64_t hash(uint32_t g) const { return hashes_[g]; }

 private:
  Batch keyRows_;
  std::vector<int> keyCols_;
  std::vector<uint64_t> hashes_;
  HashIndex byHash_;
};

class MemberStore {
 public:
  explicit MemberStore(SchemaPtr schema) : rows_(std::move(schema)) {}
  // Applies change `w` of row r (identity `key`) in group g; false if nothing
  // changed (a retraction of a row that is not live).
  bool apply(const Batch& rows, size_t r, const OrderKey& key, Weight w, uint32_t g);
  // The live rows of group g in canonical order, one entry per copy.
  Selection liveRows(uint32_t g) const;
  const Batch& rows() const { return rows_; }

 private:
  Batch rows_;
  std::vector<OrderKey> keys_;
  std::vector<int64_t> counts_;
  std::unordered_map<OrderKey, uint32_t> byKey_;
  std::vector<std::vector<uint32_t>> members_;  // per group: stored rows
};

}  // namespace popper::ops

// Group numbering and per-group live rows (see GroupedRows.h).
#include "runtime/ops/GroupedRows.h"

#include <algorithm>

#include "runtime/data/OrderKey.h"
#include "runtime/data/Value.h"

namespace popper::ops {

GroupIndex::GroupIndex(const SchemaPtr& keySchema) : keyRows_(keySchema) {
  for (size_t i = 0; i < keySchema->size(); ++i) keyCols_.push_back(static_cast<int>(i));
}

uint32_t GroupIndex::findOrAdd(const Batch& keys, size_t r, uint64_t hash) {
  for (uint32_t g = byHash_.first(hash); g != HashIndex::kNone; g = byHash_.next(g))
    if (keysEqual(keyRows_, keyCols_, g, keys, keyCols_, r)) return g;
  auto g = static_cast<uint32_t>(hashes_.size());
  keyRows_.appendRows(keys, r, r + 1, StringCopy::Deep);
  hashes_.push_back(hash);
  byHash_.insert(hash, g);
  return g;
}

OrderKey GroupIndex::orderKey(uint32_t g) const {
  OrderKey key;
  for (size_t c = 0; c < keyCols_.size(); ++c) appendValueKey(key, cellAt(keyRows_.column(c), g));
  return key;
}

bool MemberStore::apply(const Batch& rows, size_t r, const OrderKey& key, Weight w, uint32_t g) {
  auto found = byKey_.find(key);
  if (w < 0) {
    if (found == byKey_.end() || counts_[found->second] == 0) return false;
    --counts_[found->second];
    return true;
  }
  if (found != byKey_.end()) {
    ++counts_[found->second];
    return true;
  }
  auto idx = static_cast<uint32_t>(counts_.size());
  rows_.appendRows(rows, r, r + 1, StringCopy::Deep);
  keys_.push_back(key);
  counts_.push_back(1);
  byKey_.emplace(key, idx);
  if (members_.size() <= g) members_.resize(g + 1);
  members_[g].push_back(idx);
  return true;
}

Selection MemberStore::liveRows(uint32_t g) const {
  Selection out;
  if (g >= members_.size()) return out;
  std::vector<uint32_t> sorted = members_[g];
  std::sort(sorted.begin(), sorted.end(), [&](uint32_t a, uint32_t b) { return keys_[a] < keys_[b]; });
  for (uint32_t idx : sorted)
    for (int64_t c = 0; c < counts_[idx]; ++c) out.push_back(idx);
  return out;
}

}  // namespace popper::ops

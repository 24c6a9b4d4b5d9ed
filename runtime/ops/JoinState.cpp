// Symmetric hash join state with retractions (see JoinState.h).
#include "runtime/ops/JoinState.h"

#include <algorithm>

#include "runtime/data/Value.h"

namespace popper::ops {

JoinState::JoinState(SchemaPtr left, SchemaPtr right, const SchemaPtr& keySchema) {
  sides_[0].rows = Batch(std::move(left));
  sides_[1].rows = Batch(std::move(right));
  sides_[0].keyColumns = Batch(keySchema);
  sides_[1].keyColumns = Batch(keySchema);
  for (size_t i = 0; i < keySchema->size(); ++i) keyCols_.push_back(static_cast<int>(i));
}

bool JoinState::apply(int side, const Batch& rows, size_t r, const Batch& keys, size_t kr, uint64_t hash,
                      const OrderKey& key, Weight w, std::vector<Match>& matches) {
  Side& me = sides_[side];
  matches.clear();
  auto found = me.byKey.find(key);
  if (w < 0 && (found == me.byKey.end() || me.counts[found->second] == 0)) return false;

  probe(1 - side, keys, kr, hash, matches);

  if (w < 0) {
    --me.counts[found->second];
    --me.live;
    return true;
  }
  ++me.live;
  if (found != me.byKey.end()) {
    ++me.counts[found->second];
    return true;
  }
  auto idx = static_cast<uint32_t>(me.counts.size());
  me.rows.appendRows(rows, r, r + 1, StringCopy::Deep);
  me.keyColumns.appendRows(keys, kr, kr + 1, StringCopy::Deep);
  me.keys.push_back(key);
  me.counts.push_back(1);
  me.byHash.insert(hash, idx);
  me.byKey.emplace(key, idx);
  return true;
}

}  // namespace popper::ops

namespace popper::ops {

void JoinState::probe(int otherSide, const Batch& keys, size_t kr, uint64_t hash,
                      std::vector<Match>& matches) const {
  const Side& other = sides_[otherSide];
  matches.clear();
  for (uint32_t idx = other.byHash.first(hash); idx != HashIndex::kNone; idx = other.byHash.next(idx)) {
    if (other.counts[idx] > 0 && keysEqual(other.keyColumns, keyCols_, idx, keys, keyCols_, kr))
      matches.push_back({idx, other.counts[idx]});
  }
  // Canonical order of the matched rows: by order key when stored, else by
  // arrival (which the plan made canonical).
  if (!other.keys.empty())
    std::sort(matches.begin(), matches.end(),
              [&](const Match& a, const Match& c) { return other.keys[a.row] < other.keys[c.row]; });
  else
    std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& c) { return a.row < c.row; });
}

void JoinState::insertOnly(int side, const Batch& rows, size_t r, const Batch& keys, size_t kr, uint64_t hash,
                           const OrderKey* key) {
  Side& me = sides_[side];
  auto idx = static_cast<uint32_t>(me.counts.size());
  me.rows.appendRows(rows, r, r + 1, StringCopy::Deep);
  me.keyColumns.appendRows(keys, kr, kr + 1, StringCopy::Deep);
  if (key) me.keys.push_back(*key);
  me.counts.push_back(1);
  me.byHash.insert(hash, idx);
  ++me.live;
}

}  // namespace popper::ops

// Net live rows of a node from its recorded changes (see LiveRows.h).
#include "runtime/verify/LiveRows.h"

#include <algorithm>
#include <numeric>

#include "runtime/data/Value.h"
#include "runtime/data/ValueText.h"

namespace popper::verify {

void ChangeRecord::add(const Delta& d) {
  if (d.rows.size() == 0) return;
  if (!changes_.schemaPtr()) changes_ = Batch(d.rows.schemaPtr());
  changes_.appendRows(d.rows, 0, d.rows.size(), StringCopy::Deep);
  for (size_t r = 0; r < d.rows.size(); ++r) keys_.push_back(d.keys.empty() ? OrderKey{} : d.keys[r]);
}

int64_t LiveRows::liveCount() const {
  int64_t n = 0;
  for (int64_t c : copies) n += std::max<int64_t>(c, 0);
  return n;
}

uint64_t rowValueHash(const Batch& b, size_t row) {
  uint64_t h = 0x7e21f1;
  for (const Column& c : b.columns) h = combineHash(h, hashValue(cellAt(c, row)));
  return h;
}

std::string describeRow(const Batch& b, size_t row) {
  std::string s = "(";
  for (size_t c = 0; c < b.numColumns(); ++c) {
    if (c > 0) s += ", ";
    Value v = cellAt(b.column(c), row);
    if (v.type == Type::String) s += '"';
    appendValueText(s, v);
    if (v.type == Type::String) s += '"';
  }
  return s + ")";
}

namespace {

// Sorts and merges `rows`, whose row r has key keys[r] and weight weights[r].
LiveRows merge(const Batch& rows, const std::vector<OrderKey>& keys, const std::vector<int64_t>& weights) {
  LiveRows live;
  if (!rows.schemaPtr()) return live;
  std::vector<uint64_t> hashes(rows.size());
  for (size_t r = 0; r < rows.size(); ++r) hashes[r] = rowValueHash(rows, r);
  std::vector<uint32_t> order(rows.size());
  std::iota(order.begin(), order.end(), 0u);
  auto identity = [&](uint32_t r) { return std::tie(keys[r], rows.rowIds[r].value, hashes[r]); };
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return identity(a) < identity(b); });
  // One entry per identity with a non-zero weight: its first arrival (stable sort).
  Selection keep;
  std::vector<int64_t> weightOf(rows.size(), 0);
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    int64_t weight = 0;
    for (; j < order.size() && identity(order[j]) == identity(order[i]); ++j) weight += weights[order[j]];
    if (weight != 0) keep.push_back(order[i]), weightOf[order[i]] = weight;
    i = j;
  }
  // Canonical order: by order key; rows without keys (or copies and versions
  // of one key) in arrival order, which is canonical on such edges.
  std::stable_sort(keep.begin(), keep.end(),
                   [&](uint32_t a, uint32_t b) { return keys[a] != keys[b] ? keys[a] < keys[b] : a < b; });
  for (uint32_t r : keep) {
    live.keys.push_back(keys[r]);
    live.hashes.push_back(hashes[r]);
    live.copies.push_back(weightOf[r]);
  }
  live.rows = Batch(rows.schemaPtr());
  live.rows.appendRows(rows, keep, StringCopy::Deep);
  return live;
}

}  // namespace

LiveRows netLive(const ChangeRecord& record) {
  const Batch& changes = record.changes();
  std::vector<int64_t> weights(changes.weights.begin(), changes.weights.end());
  return merge(changes, record.keys(), weights);
}

void addRow(LiveRows& into, const Batch& from, size_t row, const OrderKey& key, int64_t copies) {
  if (!into.rows.schemaPtr()) into.rows = Batch(from.schemaPtr());
  into.rows.appendRows(from, row, row + 1, StringCopy::Deep);
  into.rows.weights.back() = kInsert;
  into.keys.push_back(key);
  into.hashes.push_back(rowValueHash(from, row));
  into.copies.push_back(copies);
}

void normalize(LiveRows& live) {
  LiveRows merged = merge(live.rows, live.keys, live.copies);
  live = std::move(merged);
}

}  // namespace popper::verify

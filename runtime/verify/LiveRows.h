// LiveRows: what `popper run --verify` compares. A ChangeRecord keeps every
// change a node emitted during a run (deep copies, in emission order);
// netLive() folds it into the node's live rows: one entry per distinct row
// (order key, RowId, values) with its net weight, in canonical order: by
// order key, and in arrival order where rows come without keys. A net
// weight of 0 drops the row; a negative one (retracted more often than
// inserted) is kept, since it is itself an inconsistency to report.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/data/Delta.h"

namespace popper::verify {

class ChangeRecord {
 public:
  // Appends every change of `d` (strings copied, lineage dropped).
  void add(const Delta& d);
  bool empty() const { return changes_.size() == 0; }
  size_t size() const { return changes_.size(); }
  const Batch& changes() const { return changes_; }
  const std::vector<OrderKey>& keys() const { return keys_; }

 private:
  Batch changes_;
  std::vector<OrderKey> keys_;  // one per change ("" when it came without keys)
};

struct LiveRows {
  Batch rows;                  // one row per distinct live row, in canonical order (order key, then arrival)
  std::vector<OrderKey> keys;  // per row
  std::vector<uint64_t> hashes;  // per row: hash of its values (rowValueHash)
  std::vector<int64_t> copies;   // per row: net weight, never 0

  size_t size() const { return copies.size(); }
  // Live copies in total (positive weights only).
  int64_t liveCount() const;
};

LiveRows netLive(const ChangeRecord& record);
// Appends row `row` of `from` (strings copied) with `copies` as its weight;
// `into` takes from's schema if it has none yet. Call normalize() after.
void addRow(LiveRows& into, const Batch& from, size_t row, const OrderKey& key, int64_t copies);
// Merges rows of the same identity (summing weights), drops those whose
// weight is 0, and sorts the rest canonically.
void normalize(LiveRows& live);

uint64_t rowValueHash(const Batch& b, size_t row);
// A row's values for a report: (1, "A", 72.0).
std::string describeRow(const Batch& b, size_t row);

}  // namespace popper::verify

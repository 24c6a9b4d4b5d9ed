// Delta: what flows on an edge of the running plan — a batch of changes (each
// row carries its RowId and a weight, +1 insert / -1 retract) and, where the
// plan needs canonical order downstream, one order key per row.
//
// Order keys (runtime/data/OrderKey.h) are byte strings whose lexicographic
// order is the canonical lineage order of docs/language.md, "Outputs, errors and determinism"; they are also
// a row's identity for retraction (two live rows of a node never share a key unless they are copies of one
// row). They are absent (keys empty) on paths that stream rows straight to an output in arrival order, so the
// hot CSV -> filter -> CSV path pays nothing for them.
#pragma once

#include <string>
#include <vector>

#include "runtime/data/Batch.h"

namespace popper {

using OrderKey = std::string;

struct Delta {
  Batch rows;
  std::vector<OrderKey> keys;  // empty, or one per row

  size_t size() const { return rows.size(); }
};

// A copy of `d` sharing its string storage (for a second consumer of an edge).
Delta shareDelta(const Delta& d);

}  // namespace popper

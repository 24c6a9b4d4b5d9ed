// `popper runs diff`: the rows of one output only in run A and only in run B,
// as a multiset difference of its snapshots' lines (a header line kept
// aside), and for an evaluated output whether each is fixed or broken
// against the ground truth (docs/cli.md, "popper runs diff"). Lines are
// hashed to 64 bits and only one side's hashes are counted in memory; the
// snapshots are streamed from the store.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "store/Store.h"

namespace popper::store {

enum class DiffMark { None, Fixed, Broken, Wrong, Cleared };
const char* diffMarkName(DiffMark mark);  // "fixed", "broken", "wrong", "cleared", "" for None

struct DiffRow {
  bool onlyInA = false;  // else only in B
  std::string_view line;
  DiffMark mark = DiffMark::None;
};

struct DiffSummary {
  std::string headerA, headerB;  // the header lines kept aside ("" without one)
  uint64_t onlyInA = 0, onlyInB = 0;
  uint64_t fixed = 0, broken = 0, wrong = 0, cleared = 0;
  bool judged = false;  // rows were compared with a ground truth
};

// Emits every row only in A (in A's order), then every row only in B (in B's order).
Status diffOutputs(Database& db, const OutputRecord& a, const OutputRecord& b,
                   const std::function<Status(const DiffRow&)>& emit, DiffSummary& summary);

}  // namespace popper::store

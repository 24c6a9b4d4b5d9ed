// Per-node counters of a run: what `--stats` prints and what the summary's
// accounting (input = output + filtered + rejected) is built from. Each node
// is run by one operator instance at a time, so its counters need no atomics.
#pragma once

#include <cstdint>

namespace popper::ops {

struct NodeCounters {
  uint64_t rowsIn = 0;     // changes received (all ports)
  uint64_t rowsOut = 0;    // changes emitted
  uint64_t filtered = 0;   // rows a WHERE (filter step) dropped
  uint64_t rejected = 0;   // rows sent to the rejects file by this node
  uint64_t inputRows = 0;  // extractors: records read (good and bad)
  uint64_t nanos = 0;      // time spent in the operator
};

}  // namespace popper::ops

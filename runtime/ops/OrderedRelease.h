// OrderedRelease: the rows a gating HANDLE (compiler/plan/HandlerGates.h) has
// passed and not yet forwarded, released in the order of their *release
// key* (for a gate's input, the canonical order: the row's anchor, ties in
// arrival order; the anchor is the row's id unless the gate's spine has a
// join) up to a bound: the first anchor the handler still holds undecided,
// or whose correction has not come back yet.
//
// Rows arrive in two ways. The stream: an extractor's rows in increasing key
// order, kept as the deltas they came in with the indices of the rows that
// passed (a delta released whole drops its other rows in place; one split by
// the bound or by late rows is gathered into batches of the usual size).
// Late rows: a correction's replacement (or an EVENTUALLY PASS row) with a
// key below rows already queued, kept one by one and merged in. A row is
// never released before one with a smaller key: release() checks it.
#pragma once

#include <cstdint>
#include <deque>
#include <map>

#include "common/Status.h"
#include "runtime/data/Selection.h"
#include "runtime/ops/PhysicalOperator.h"

namespace popper::ops {

class OrderedRelease {
 public:
  // Queues rows `pass` (ascending indices) of `in`, which passed; `keys`
  // has a release key per row of `in` (empty: the row ids are the keys).
  void add(Delta&& in, const Selection& pass, std::vector<uint64_t> keys = {});
  // Queues row `row` of `from` (its order key `key`, may be empty) `copies`
  // times under release key `releaseKey`.
  void addRow(const Batch& from, size_t row, const OrderKey* key, int copies, uint64_t releaseKey);
  // Emits every queued row with a release key below `bound`, in key order. With
  // `keepPartial`, rows gathered into a batch smaller than the usual size
  // stay in it for the next call (fewer, fuller deltas downstream).
  Status release(uint64_t bound, OperatorContext& ctx, bool keepPartial = false);
  bool empty() const { return stream_.empty() && lateNext_ == late_.size() && gathered_.rows.empty(); }

 private:
  // Queues rows `rows` of `from` as late rows: keys[i] is the release key
  // of rows[i], orderKeys[i] its order key (orderKeys empty: none).
  void addLateRows(const Batch& from, const Selection& rows, const std::vector<uint64_t>& keys,
                   std::vector<OrderKey> orderKeys);

  struct Queued {
    Delta delta;
    Selection pass;              // its rows that passed, keys ascending within and across entries
    size_t next = 0;             // pass[next..] not released yet
    std::vector<uint64_t> keys;  // per row of delta: its release key (empty: its id)
    uint64_t key(uint32_t r) const { return keys.empty() ? delta.rows.rowIds[r].value : keys[r]; }
  };
  std::deque<Queued> stream_;
  uint64_t lastStreamId_ = 0;
  bool anyStream_ = false;
  // Late rows: (release key, row of lateRows_), sorted by key, equal keys in
  // arrival order; late_[lateNext_..] not released yet (one batch for all,
  // strings copied
  // into its arena; emptied whenever no late row waits).
  std::vector<std::pair<uint64_t, uint32_t>> late_;
  size_t lateNext_ = 0;
  Batch lateRows_;
  std::vector<OrderKey> lateKeys_;  // one per row of lateRows_ when the rows carry keys
  Delta gathered_;                  // rows released into a batch of their own, not yet emitted
  uint64_t released_ = 0;           // the largest key released so far
  bool anyReleased_ = false;
};

}  // namespace popper::ops

// Releasing a gate's passed rows in id order (see OrderedRelease.h).
#include "runtime/ops/OrderedRelease.h"

#include <algorithm>
#include <limits>

namespace popper::ops {

void OrderedRelease::add(Delta&& in, const Selection& pass) {
  if (pass.empty()) return;
  const std::vector<RowId>& ids = in.rows.rowIds;
  bool withKeys = !in.keys.empty();
  // Stream rows: ascending and past every queued row; the rest are late.
  Selection stream;
  stream.reserve(pass.size());
  uint64_t last = lastStreamId_;
  bool any = anyStream_;
  for (uint32_t r : pass) {
    uint64_t id = ids[r].value;
    if (!any || id > last) {
      stream.push_back(r);
      last = id, any = true;
    } else {
      addLate(in.rows, r, withKeys ? &in.keys[r] : nullptr);
    }
  }
  if (stream.empty()) return;
  lastStreamId_ = last, anyStream_ = true;
  if (stream.size() == in.rows.size()) {
    stream_.push_back(std::move(in));
    return;
  }
  Delta part;
  part.rows = Batch(in.rows.schemaPtr(), in.rows.hasLineage());
  part.rows.appendRows(in.rows, stream);
  if (withKeys)
    for (uint32_t r : stream) part.keys.push_back(std::move(in.keys[r]));
  stream_.push_back(std::move(part));
}

void OrderedRelease::addRow(const Batch& from, size_t row, const OrderKey* key, int copies) {
  for (int i = 0; i < copies; ++i) addLate(from, row, key);
}

void OrderedRelease::addLate(const Batch& from, size_t row, const OrderKey* key) {
  Delta one;
  one.rows = Batch(from.schemaPtr(), from.hasLineage());
  one.rows.appendRows(from, row, row + 1);
  if (key) one.keys.push_back(*key);
  late_.emplace(from.rowIds[row].value, std::move(one));
}

Status OrderedRelease::release(uint64_t bound, OperatorContext& ctx) {
  Delta out;
  auto emitOut = [&] {
    if (!out.rows.empty()) ctx.emit(std::move(out));
    out = Delta{};
  };
  auto append = [&](const Delta& from, size_t begin, size_t end) {
    if (!out.rows.schemaPtr()) out.rows = Batch(from.rows.schemaPtr(), from.rows.hasLineage());
    out.rows.appendRows(from.rows, begin, end);
    if (!from.keys.empty()) out.keys.insert(out.keys.end(), from.keys.begin() + static_cast<long>(begin), from.keys.begin() + static_cast<long>(end));
  };
  auto check = [&](uint64_t first, uint64_t last) -> Status {
    if (anyReleased_ && first < released_)
      return Status::internal("a gating handler would release rows out of canonical order");
    released_ = last, anyReleased_ = true;
    return Status::ok();
  };
  while (true) {
    uint64_t nextLate = late_.empty() ? std::numeric_limits<uint64_t>::max() : late_.begin()->first;
    uint64_t limit = std::min(bound, nextLate);
    if (!stream_.empty()) {
      Delta& d = stream_.front();
      const std::vector<RowId>& ids = d.rows.rowIds;
      auto end = static_cast<size_t>(
          std::lower_bound(ids.begin() + static_cast<long>(frontOffset_), ids.end(), limit,
                           [](RowId id, uint64_t v) { return id.value < v; }) -
          ids.begin());
      if (end > frontOffset_) {
        if (Status st = check(ids[frontOffset_].value, ids[end - 1].value); !st.isOk()) return st;
        if (frontOffset_ == 0 && end == ids.size()) {
          emitOut();
          ctx.emit(std::move(d));
        } else {
          append(d, frontOffset_, end);
          frontOffset_ = end;
          if (frontOffset_ < ids.size()) continue;
        }
        stream_.pop_front();
        frontOffset_ = 0;
        continue;
      }
    }
    if (nextLate >= bound) break;
    auto it = late_.begin();
    if (Status st = check(it->first, it->first); !st.isOk()) return st;
    append(it->second, 0, 1);
    late_.erase(it);
  }
  emitOut();
  return Status::ok();
}

}  // namespace popper::ops

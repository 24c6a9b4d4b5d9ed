// Releasing a gate's passed rows in id order (see OrderedRelease.h).
#include "runtime/ops/OrderedRelease.h"

#include <algorithm>
#include <limits>

namespace popper::ops {

void OrderedRelease::add(Delta&& in, const Selection& pass, std::vector<uint64_t> keys) {
  if (pass.empty()) return;
  Queued q{std::move(in), {}, 0, std::move(keys)};
  bool withKeys = !q.delta.keys.empty();
  // Stream rows: ascending and not below any queued row (equal keys keep
  // their arrival order); the rest are late.
  q.pass.reserve(pass.size());
  for (uint32_t r : pass) {
    uint64_t key = q.key(r);
    if (!anyStream_ || key >= lastStreamId_) {
      q.pass.push_back(r);
      lastStreamId_ = key, anyStream_ = true;
    } else {
      addLate(q.delta.rows, r, withKeys ? &q.delta.keys[r] : nullptr, key);
    }
  }
  if (!q.pass.empty()) stream_.push_back(std::move(q));
}

void OrderedRelease::addRow(const Batch& from, size_t row, const OrderKey* key, int copies,
                            uint64_t releaseKey) {
  for (int i = 0; i < copies; ++i) addLate(from, row, key, releaseKey);
}

void OrderedRelease::addLate(const Batch& from, size_t row, const OrderKey* key, uint64_t releaseKey) {
  if (!lateRows_.schemaPtr()) lateRows_ = Batch(from.schemaPtr(), false);
  lateRows_.appendRows(from, row, row + 1, StringCopy::Deep);
  if (key) lateKeys_.push_back(*key);
  late_.emplace(releaseKey, static_cast<uint32_t>(lateRows_.size() - 1));
}

Status OrderedRelease::release(uint64_t bound, OperatorContext& ctx, bool keepPartial) {
  Delta& out = gathered_;
  auto emitOut = [&] {
    if (!out.rows.empty()) ctx.emit(std::move(out));
    out = Delta{};
  };
  auto start = [&](const Batch& like) {
    if (out.rows.size() >= kBatchRows) emitOut();  // batches of the usual size downstream
    if (!out.rows.schemaPtr()) {
      out.rows = Batch(like.schemaPtr(), like.hasLineage());
      out.rows.reserve(kBatchRows);  // filled part by part: no regrowth copies
    }
  };
  auto check = [&](uint64_t first, uint64_t last) -> Status {
    if (anyReleased_ && first < released_)
      return Status::internal("a gating handler would release rows out of canonical order");
    released_ = last, anyReleased_ = true;
    return Status::ok();
  };
  Selection part;
  while (true) {
    uint64_t nextLate = late_.empty() ? std::numeric_limits<uint64_t>::max() : late_.begin()->first;
    uint64_t limit = std::min(bound, nextLate);
    if (!stream_.empty()) {
      Queued& q = stream_.front();
      // The passed rows below `limit`, from q.next on.
      auto end =
          static_cast<size_t>(std::lower_bound(q.pass.begin() + static_cast<long>(q.next), q.pass.end(),
                                               limit, [&](uint32_t r, uint64_t v) { return q.key(r) < v; }) -
                              q.pass.begin());
      if (end > q.next) {
        if (q.next == 0 && end == q.pass.size()) {
          // Released whole: it goes on as it came, without the rows that did not pass.
          if (Status st = check(q.key(q.pass.front()), q.key(q.pass.back())); !st.isOk()) return st;
          emitOut();
          if (q.pass.size() < q.delta.rows.size()) {
            if (!q.delta.keys.empty()) {
              // (A self-move would empty the key: libstdc++ clears a string moved onto itself.)
              for (size_t i = 0; i < q.pass.size(); ++i)
                if (q.pass[i] != i) q.delta.keys[i] = std::move(q.delta.keys[q.pass[i]]);
              q.delta.keys.resize(q.pass.size());
            }
            q.delta.rows.retain(q.pass);
          }
          ctx.emit(std::move(q.delta));
          stream_.pop_front();
          continue;
        }
        start(q.delta.rows);
        end = std::min(end, q.next + (kBatchRows - out.rows.size()));
        if (Status st = check(q.key(q.pass[q.next]), q.key(q.pass[end - 1])); !st.isOk()) return st;
        part.assign(q.pass.begin() + static_cast<long>(q.next), q.pass.begin() + static_cast<long>(end));
        out.rows.appendRows(q.delta.rows, part);
        if (!q.delta.keys.empty())
          for (uint32_t r : part) out.keys.push_back(q.delta.keys[r]);
        q.next = end;
        if (q.next == q.pass.size()) stream_.pop_front();
        continue;
      }
    }
    if (nextLate >= bound) break;
    auto it = late_.begin();
    if (Status st = check(it->first, it->first); !st.isOk()) return st;
    start(lateRows_);
    out.rows.appendRows(lateRows_, it->second, it->second + 1);
    if (!lateKeys_.empty()) out.keys.push_back(lateKeys_[it->second]);
    late_.erase(it);
    if (late_.empty()) {
      lateRows_.clear();
      lateKeys_.clear();
    }
  }
  if (!keepPartial || out.rows.size() >= kBatchRows) emitOut();
  return Status::ok();
}

}  // namespace popper::ops

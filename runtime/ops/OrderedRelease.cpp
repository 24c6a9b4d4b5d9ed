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
  Selection late;
  std::vector<uint64_t> lateKeys;
  std::vector<OrderKey> lateOrderKeys;
  for (uint32_t r : pass) {
    uint64_t key = q.key(r);
    if (!anyStream_ || key >= lastStreamId_) {
      q.pass.push_back(r);
      lastStreamId_ = key, anyStream_ = true;
    } else {
      late.push_back(r);
      lateKeys.push_back(key);
      if (withKeys) lateOrderKeys.push_back(std::move(q.delta.keys[r]));  // (not a stream row's)
    }
  }
  if (!late.empty()) addLateRows(q.delta.rows, late, lateKeys, std::move(lateOrderKeys));
  if (!q.pass.empty()) stream_.push_back(std::move(q));
}

void OrderedRelease::addLateRows(const Batch& from, const Selection& rows, const std::vector<uint64_t>& keys,
                                 std::vector<OrderKey> orderKeys) {
  if (!lateRows_.schemaPtr()) lateRows_ = Batch(from.schemaPtr(), false);
  auto first = static_cast<uint32_t>(lateRows_.size());
  lateRows_.appendRows(from, rows, StringCopy::Deep);
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!orderKeys.empty()) lateKeys_.push_back(std::move(orderKeys[i]));
    std::pair<uint64_t, uint32_t> entry{keys[i], first + static_cast<uint32_t>(i)};
    // Usually in key order (corrections come back in the order they were
    // decided): appended; else inserted after the equal keys.
    if (late_.size() == lateNext_ || late_.back().first <= keys[i]) {
      late_.push_back(entry);
    } else {
      auto at = std::upper_bound(late_.begin() + static_cast<long>(lateNext_), late_.end(), entry,
                                 [](const auto& a, const auto& b) { return a.first < b.first; });
      late_.insert(at, entry);
    }
  }
}

void OrderedRelease::addRow(const Batch& from, size_t row, const OrderKey* key, int copies,
                            uint64_t releaseKey) {
  if (copies <= 0) return;
  auto n = static_cast<size_t>(copies);
  addLateRows(from, Selection(n, static_cast<uint32_t>(row)), std::vector<uint64_t>(n, releaseKey),
              key ? std::vector<OrderKey>(n, *key) : std::vector<OrderKey>{});
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
    uint64_t nextLate =
        lateNext_ == late_.size() ? std::numeric_limits<uint64_t>::max() : late_[lateNext_].first;
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
    // The late rows up to the next stream row (equal keys: late first) and
    // below the bound, as one run.
    uint64_t nextStream = std::numeric_limits<uint64_t>::max();
    if (!stream_.empty()) nextStream = stream_.front().key(stream_.front().pass[stream_.front().next]);
    size_t end = lateNext_;
    while (end < late_.size() && late_[end].first < bound && late_[end].first <= nextStream) ++end;
    if (Status st = check(late_[lateNext_].first, late_[end - 1].first); !st.isOk()) return st;
    start(lateRows_);
    part.clear();
    for (size_t i = lateNext_; i < end; ++i) part.push_back(late_[i].second);
    out.rows.appendRows(lateRows_, part);
    if (!lateKeys_.empty())
      for (uint32_t r : part) out.keys.push_back(lateKeys_[r]);
    lateNext_ = end;
    if (lateNext_ == late_.size()) {
      late_.clear();
      lateNext_ = 0;
      lateRows_.clear();
      lateKeys_.clear();
    }
  }
  if (!keepPartial || out.rows.size() >= kBatchRows) emitOut();
  return Status::ok();
}

}  // namespace popper::ops

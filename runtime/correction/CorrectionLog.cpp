// Handler corrections across the waves of a run (see CorrectionLog.h).
#include "runtime/correction/CorrectionLog.h"

#include <algorithm>
#include <deque>
#include <set>
#include <unordered_set>

namespace popper::correction {
namespace {

// Removes and returns what `queues` holds for `node` (nothing if none).
template <typename T>
std::vector<T> takeEntry(std::map<plan::NodeId, std::vector<T>>& queues, plan::NodeId node) {
  auto it = queues.find(node);
  if (it == queues.end()) return {};
  std::vector<T> out = std::move(it->second);
  queues.erase(it);
  return out;
}

}  // namespace

const CorrectionLog::TargetRows::Loc* CorrectionLog::TargetRows::find(uint64_t id, Loc& scratch) const {
  if (auto it = live.find(id); it != live.end()) return &it->second;
  if (!ordered || chunkFirst.empty()) return nullptr;
  if (retracted.count(id)) return nullptr;
  // The last ordered chunk whose first id is <= id, then the row in it.
  auto c = std::upper_bound(chunkFirst.begin(), chunkFirst.end(), id);
  if (c == chunkFirst.begin()) return nullptr;
  size_t k = static_cast<size_t>(c - chunkFirst.begin()) - 1;
  size_t chunk = orderedChunks[k];
  const std::vector<RowId>& ids = chunks[chunk].rows.rowIds;
  auto r =
      std::lower_bound(ids.begin(), ids.end(), RowId{id}, [](RowId a, RowId b) { return a.value < b.value; });
  if (r == ids.end() || r->value != id) return nullptr;
  scratch = Loc{static_cast<uint32_t>(chunk), static_cast<uint32_t>(r - ids.begin()), 1};
  return &scratch;
}

void CorrectionLog::TargetRows::toHashed() {
  ordered = false;
  for (size_t c = 0; c < chunks.size(); ++c) {
    if (!chunkOrdered[c]) continue;
    const Batch& rows = chunks[c].rows;
    for (size_t r = 0; r < rows.size(); ++r)
      if (!retracted.count(rows.rowIds[r].value))
        live[rows.rowIds[r].value] = Loc{static_cast<uint32_t>(c), static_cast<uint32_t>(r), 1};
    chunkOrdered[c] = 0;
  }
  chunkFirst.clear();
  orderedChunks.clear();
  retracted.clear();
}

void CorrectionLog::TargetRows::add(const Delta& emitted, bool withKeys) {
  const Batch& src = emitted.rows;
  Selection own, injected;  // inserted rows: the node's own, and injected ones
  bool increasing = true;
  uint64_t prev = lastId;
  for (size_t r = 0; r < src.size(); ++r) {
    if (src.weights[r] <= 0) continue;
    RowId id = src.rowIds[r];
    if (ordered && isInjected(id)) {
      injected.push_back(static_cast<uint32_t>(r));
      continue;
    }
    own.push_back(static_cast<uint32_t>(r));
    if ((!chunkFirst.empty() || own.size() > 1) && id.value <= prev) increasing = false;
    prev = id.value;
  }
  if (ordered && !increasing) toHashed();
  // Rows go into large chunks with their own strings (deep copies), so the
  // deltas' batches and string blocks are freed and reused as in a run
  // without handlers, instead of staying alive, one per delta.
  const size_t kChunkRows = chunkRows;
  auto addChunk = [&](const Selection& rows, bool byOrder) {
    if (rows.empty()) return;
    // Extend the latest chunk of the same kind: the node's own rows and
    // injected ones interleave wave by wave, and a fresh own chunk per wave
    // would leave the previous one part empty.
    size_t c = chunks.size();
    while (c > 0 && chunkOrdered[c - 1] != (byOrder ? 1 : 0)) --c;
    bool extend = c > 0 && chunks[c - 1].rows.size() + rows.size() <= kChunkRows;
    if (extend) {
      --c;
    } else {
      c = chunks.size();
      // A target that already filled an ordered chunk is a big one: size the
      // next one at once (no regrowth copies, no doubling slack).
      bool big = byOrder && !orderedChunks.empty();
      Batch fresh = spare.empty() ? Batch(src.schemaPtr()) : std::move(spare.back());
      if (!spare.empty()) spare.pop_back();
      chunks.push_back(Chunk{std::move(fresh), {}, {}});
      if (big) {
        chunks.back().rows.reserve(kChunkRows);
        if (withKeys) {
          chunks.back().keyEnds.reserve(kChunkRows);
          chunks.back().keyBytes.reserve(kChunkRows * emitted.keys[rows.front()].size());
        }
      }
      chunkOrdered.push_back(byOrder ? 1 : 0);
      if (byOrder) {
        chunkFirst.push_back(src.rowIds[rows.front()].value);
        orderedChunks.push_back(static_cast<uint32_t>(chunks.size() - 1));
      }
    }
    Chunk& chunk = chunks[c];
    uint32_t base = static_cast<uint32_t>(chunk.rows.size());
    StringCopy mode = shareStrings ? StringCopy::Share : StringCopy::Deep;
    // Usually every row of the delta (a copy of whole columns, not a gather).
    if (rows.back() - rows.front() + 1 == rows.size())
      chunk.rows.appendRows(src, rows.front(), rows.back() + 1, mode);
    else
      chunk.rows.appendRows(src, rows, mode);
    if (withKeys)
      for (uint32_t r : rows) {
        chunk.keyBytes += emitted.keys[r];
        chunk.keyEnds.push_back(static_cast<uint32_t>(chunk.keyBytes.size()));
      }
    if (byOrder) {
      lastId = src.rowIds[rows.back()].value;
      return;
    }
    for (uint32_t i = 0; i < rows.size(); ++i) {
      Loc& loc = live[src.rowIds[rows[i]].value];
      loc.chunk = static_cast<uint32_t>(c), loc.row = base + i;
      ++loc.count;
    }
  };
  addChunk(own, ordered);
  addChunk(injected, false);
  for (size_t r = 0; r < src.size(); ++r) {
    if (src.weights[r] > 0) continue;
    uint64_t id = src.rowIds[r].value;
    if (auto it = live.find(id); it != live.end()) {
      it->second.count += src.weights[r];
      if (it->second.count <= 0) live.erase(it);
    } else if (ordered) {
      Loc scratch;
      if (find(id, scratch)) retracted[id] = 1;
    }
  }
}

CorrectionLog::TargetRows CorrectionLog::TargetRows::emptyLike() const {
  TargetRows fresh;
  fresh.suffixed = suffixed;
  fresh.shareStrings = shareStrings;
  fresh.chunkRows = chunkRows;
  fresh.lastId = lastId;
  return fresh;
}

void CorrectionLog::TargetRows::keepRows(const TargetRows& from, const std::vector<uint64_t>& ids,
                                         const std::vector<uint8_t>* skipChunk) {
  // The kept rows, with their own strings, indexed by id, in one chunk.
  Chunk kept{Batch(from.chunks.front().rows.schemaPtr()), {}, {}};
  for (uint64_t id : ids) {
    Loc scratch;
    const Loc* loc = from.find(id, scratch);
    if (!loc || (skipChunk && (*skipChunk)[loc->chunk])) continue;
    const Chunk& c = from.chunks[loc->chunk];
    kept.rows.appendRows(c.rows, loc->row, loc->row + 1, StringCopy::Deep);
    kept.keyBytes += c.key(loc->row);
    kept.keyEnds.push_back(static_cast<uint32_t>(kept.keyBytes.size()));
    live[id] =
        Loc{static_cast<uint32_t>(chunks.size()), static_cast<uint32_t>(kept.rows.size() - 1), loc->count};
  }
  if (kept.rows.empty()) return;
  chunks.push_back(std::move(kept));
  chunkOrdered.push_back(0);
}

void CorrectionLog::TargetRows::reuseChunks(TargetRows& old, const std::vector<uint8_t>* moved) {
  // The dropped chunks keep their capacity for the rows to come (no fresh pages).
  spare = std::move(old.spare);
  for (size_t c = 0; c < old.chunks.size() && spare.size() < 4; ++c) {
    if (moved && (*moved)[c]) continue;
    Batch& rows = old.chunks[c].rows;
    if (rows.size() < 1024) continue;
    rows.clear();
    spare.push_back(std::move(rows));
  }
}

void CorrectionLog::recordRows(plan::NodeId node, const Delta& emitted, bool withKeys, bool suffixed) {
  std::lock_guard lock(rowsMu_);
  TargetRows& t = rows_[node];
  t.suffixed = suffixed;
  t.add(emitted, withKeys);
}

void CorrectionLog::retainRows(plan::NodeId node, const std::vector<uint64_t>& keep) {
  std::lock_guard lock(rowsMu_);
  auto it = rows_.find(node);
  if (it == rows_.end() || it->second.chunks.empty()) return;
  TargetRows& t = it->second;
  TargetRows fresh = t.emptyLike();
  fresh.ordered = t.ordered;
  fresh.keepRows(t, keep);
  fresh.reuseChunks(t, nullptr);
  t = std::move(fresh);
}

void CorrectionLog::pruneRows(plan::NodeId node, uint64_t seen, const std::vector<uint64_t>& keep) {
  std::lock_guard lock(rowsMu_);
  auto it = rows_.find(node);
  // Ids that stopped increasing: the rows are kept as they are.
  if (it == rows_.end() || !it->second.ordered || it->second.chunks.empty()) return;
  TargetRows& t = it->second;
  // Ordered chunks with a row past `seen` stay whole (the gate has not
  // consumed all of them yet); the others go, but for the kept rows.
  std::vector<uint8_t> stays(t.chunks.size(), 0);
  for (uint32_t c : t.orderedChunks) stays[c] = t.chunks[c].rows.rowIds.back().value > seen;
  TargetRows fresh = t.emptyLike();
  fresh.keepRows(t, keep, &stays);
  for (size_t k = 0; k < t.orderedChunks.size(); ++k) {
    uint32_t c = t.orderedChunks[k];
    if (!stays[c]) continue;
    fresh.chunkFirst.push_back(t.chunkFirst[k]);
    fresh.orderedChunks.push_back(static_cast<uint32_t>(fresh.chunks.size()));
    fresh.chunks.push_back(std::move(t.chunks[c]));
    fresh.chunkOrdered.push_back(1);
  }
  if (!fresh.chunkFirst.empty())
    for (const auto& [id, n] : t.retracted)
      if (id >= fresh.chunkFirst.front()) fresh.retracted.emplace(id, n);
  fresh.reuseChunks(t, &stays);
  t = std::move(fresh);
}

std::vector<RowId> CorrectionLog::parentsOf(RowId id) const {
  std::lock_guard lock(mu_);
  auto it = parents_.find(id.value);
  return it == parents_.end() ? std::vector<RowId>{} : it->second;
}

void CorrectionLog::recordParents(const Batch& src) {
  if (!src.hasLineage()) return;
  // Rows whose id is their parent's (row-wise nodes) need nothing: no lock for them.
  Selection derived;
  for (size_t r = 0; r < src.size(); ++r) {
    auto [b, e] = src.parents(r);
    if (b == e) continue;
    if (e - b == 1 && *b == src.rowIds[r]) continue;
    if (src.weights[r] < 0) continue;  // a retraction's lineage was stored with its insertion
    derived.push_back(static_cast<uint32_t>(r));
  }
  if (derived.empty()) return;
  std::lock_guard lock(mu_);
  for (uint32_t r : derived) {
    auto [b, e] = src.parents(r);
    parents_.insert_or_assign(src.rowIds[r].value, std::vector<RowId>(b, e));
  }
}

void CorrectionLog::storeParents(RowId id, std::vector<RowId> parents) {
  std::lock_guard lock(mu_);
  parents_.insert_or_assign(id.value, std::move(parents));
}

HeldRow CorrectionLog::held(const TargetRows& t, const TargetRows::Loc& loc) const {
  const TargetRows::Chunk& c = t.chunks[loc.chunk];
  HeldRow h{Batch(c.rows.schemaPtr()), t.baseKey(loc)};
  // Shares the chunk's strings: a one-row arena of its own would cost a 64 KB block.
  h.row.appendRows(c.rows, loc.row, loc.row + 1, StringCopy::Share);
  h.row.weights[0] = kInsert;
  return h;
}

OrderKey CorrectionLog::TargetRows::baseKey(const Loc& loc) const {
  OrderKey key = chunks[loc.chunk].key(loc.row);
  // The stored key carries the tap's 4-byte suffix: the base key is before it.
  if (suffixed && key.size() >= 4) key.resize(key.size() - 4);
  return key;
}

std::optional<HeldRow> CorrectionLog::liveRow(plan::NodeId node, RowId id) const {
  std::lock_guard lock(rowsMu_);
  auto t = rows_.find(node);
  if (t == rows_.end()) return std::nullopt;
  TargetRows::Loc scratch;
  const TargetRows::Loc* loc = t->second.find(id.value, scratch);
  if (!loc) return std::nullopt;
  return held(t->second, *loc);
}

void CorrectionLog::appendInjections(plan::NodeId node, const std::vector<AppliedCorrection>& todo,
                                     Batch& out, std::vector<OrderKey>* baseKeys) const {
  std::lock_guard lock(rowsMu_);
  auto t = rows_.find(node);
  if (t == rows_.end()) return;
  for (const AppliedCorrection& a : todo) {
    TargetRows::Loc scratch;
    const TargetRows::Loc* loc = t->second.find(a.traced.value, scratch);
    if (!loc) continue;
    const TargetRows::Chunk& c = t->second.chunks[loc->chunk];
    if (!out.schemaPtr()) out = Batch(c.rows.schemaPtr());
    OrderKey base = t->second.baseKey(*loc);
    if (a.kind != ast::ActionKind::Append) {
      out.appendRows(c.rows, loc->row, loc->row + 1, StringCopy::Deep);
      out.weights.back() = kRetract;
      if (baseKeys) baseKeys->push_back(base);
    }
    if (a.replacement) {
      out.appendRows(*a.replacement, 0, 1, StringCopy::Deep);
      out.weights.back() = kInsert;
      if (baseKeys) baseKeys->push_back(base);
    }
  }
}

std::vector<HeldRow> CorrectionLog::traceAll(plan::NodeId target, RowId from) const {
  std::vector<HeldRow> out;
  {
    // Most rows keep their target row's id (row-wise operators): found at once.
    std::lock_guard lock(rowsMu_);
    auto rowsIt = rows_.find(target);
    if (rowsIt == rows_.end()) return out;
    TargetRows::Loc direct;
    if (const TargetRows::Loc* loc = rowsIt->second.find(from.value, direct)) {
      out.push_back(held(rowsIt->second, *loc));
      return out;
    }
  }
  std::scoped_lock lock(mu_, rowsMu_);
  const TargetRows& rows = rows_.find(target)->second;
  std::deque<uint64_t> todo{from.value};
  std::unordered_set<uint64_t> seen{from.value};
  std::vector<std::pair<uint64_t, TargetRows::Loc>> found;
  while (!todo.empty()) {
    uint64_t id = todo.front();
    todo.pop_front();
    TargetRows::Loc scratch;
    if (const TargetRows::Loc* loc = rows.find(id, scratch)) {
      found.emplace_back(id, *loc);
      continue;
    }
    auto p = parents_.find(id);
    if (p == parents_.end()) continue;
    for (RowId parent : p->second)
      if (seen.insert(parent.value).second) todo.push_back(parent.value);
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [id, loc] : found) out.push_back(held(rows, loc));
  return out;
}

RowId CorrectionLog::rootOf(RowId id) const {
  auto it = roots_.find(id.value);
  return it == roots_.end() ? id : RowId{it->second};
}

int CorrectionLog::corrections(plan::NodeId handler, RowId traced) const {
  return correctionCounts(handler, traced).first;
}

std::pair<int, int> CorrectionLog::correctionCounts(plan::NodeId handler, RowId traced) const {
  std::lock_guard lock(mu_);
  uint64_t root = rootOf(traced).value;
  auto mine = counts_.find({handler, root});
  auto all = allCounts_.find(root);
  return {mine == counts_.end() ? 0 : mine->second, all == allCounts_.end() ? 0 : all->second};
}

int CorrectionLog::allCorrections(RowId traced) const {
  std::lock_guard lock(mu_);
  auto it = allCounts_.find(rootOf(traced).value);
  return it == allCounts_.end() ? 0 : it->second;
}

void CorrectionLog::addPending(PendingCorrection c) {
  std::lock_guard lock(mu_);
  pending_.push_back(std::move(c));
}

size_t CorrectionLog::applyPending(std::vector<PendingCorrection> more) {
  std::lock_guard lock(mu_);
  for (PendingCorrection& c : more) pending_.push_back(std::move(c));
  std::sort(pending_.begin(), pending_.end(), [](const PendingCorrection& a, const PendingCorrection& b) {
    return std::tie(a.handler, a.sortKey, a.detected.value, a.action, a.traceIndex) <
           std::tie(b.handler, b.sortKey, b.detected.value, b.action, b.traceIndex);
  });
  // One count per detected row and lineage, however many actions it has.
  std::set<std::tuple<plan::NodeId, uint64_t, uint64_t>> counted;
  // A row an EDIT or DELETE of this wave already retracted is gone: later
  // edits of it (several detected rows tracing to it, e.g. through a join
  // fan-out) find nothing to replace.
  std::set<std::pair<plan::NodeId, uint64_t>> retracted;
  for (PendingCorrection& c : pending_) {
    bool replaces = c.kind != ast::ActionKind::Append;
    if (replaces && !retracted.insert({c.target, c.traced.value}).second) continue;
    // Streaming: a lineage's count is its rows' derivation (see lineageCount), no maps.
    RowId root = streaming_ ? c.traced : rootOf(c.traced);
    if (!streaming_ && counted.insert({c.handler, c.detected.value, root.value}).second) {
      ++counts_[{c.handler, root.value}];
      ++allCounts_[root.value];
    }
    CorrectionRecord record{c.traced, c.handler, c.target, c.kind, 1, c.condition};
    record.round = streaming_ ? lineageCount(c.traced) + 1 : allCounts_[root.value];
    // The traced row as it is now (before the correction), if still live.
    std::optional<HeldRow> before = replaces ? liveRow(c.target, c.traced) : std::nullopt;
    // Streaming: no overrides (see setStreaming), and the target's tap
    // reads them without the lock; nor for a target that emits each row
    // once (addTarget).
    Override scratch;
    auto needs = targets_.find(c.target);
    bool overrides = !streaming_ && (needs == targets_.end() || needs->second);
    Override& o = overrides ? overrides_[c.target][c.traced.value] : scratch;
    if (overrides) {
      uint64_t& most = maxOverridden_[c.target];
      most = std::max(most, c.traced.value);
    }
    HandlerTotals& t = totals_[c.handler];
    switch (c.kind) {
      case ast::ActionKind::Delete:
        o.retract = true;
        ++t.deletes;
        break;
      case ast::ActionKind::EditSet:
      case ast::ActionKind::EditUsing:
        o.retract = true;
        ++t.edits;
        break;
      case ast::ActionKind::Append:
        ++t.appends;
        break;
    }
    if (c.replacement) {
      // Streaming: one lineage per position (plan/HandlerGates.h), so the
      // replacement's derivation is the traced row's plus one.
      uint64_t k = streaming_ ? lineageCount(c.traced) + 1 : ++nextDerivation_[c.traced.position()];
      RowId id = RowId::make(c.traced.position(), c.injectSource, k);
      if (!streaming_) roots_[id.value] = root.value;
      // The replacement derives from what the traced row derived from (so
      // an EDIT USING of an injected row finds its input row too).
      if (auto p = parents_.find(c.traced.value); p != parents_.end()) parents_[id.value] = p->second;
      c.replacement->rowIds[0] = id;
      c.replacement->weights[0] = kInsert;
      o.inserts.push_back({id, c.replacement});
    }
    records_.add(record, before ? &before->row : nullptr, 0, c.replacement.get(), 0);
    AppliedCorrection a{c.handler, c.kind, c.target, c.traced, c.replacement};
    if (keepApplied_) applied_.push_back(a);
    injections_[c.target].push_back(std::move(a));
  }
  size_t n = pending_.size();
  pending_.clear();
  return n;
}

bool CorrectionLog::hasInjections() const {
  std::lock_guard lock(mu_);
  return !injections_.empty() || !injectionBatches_.empty();
}

bool CorrectionLog::gatherLive(plan::NodeId node, const std::vector<uint64_t>& ids, Batch& rows,
                               std::vector<OrderKey>& baseKeys, std::vector<uint8_t>& found) const {
  std::lock_guard lock(rowsMu_);
  found.assign(ids.size(), 0);
  auto t = rows_.find(node);
  if (t == rows_.end()) return false;
  bool withKeys = false;
  for (size_t i = 0; i < ids.size(); ++i) {
    TargetRows::Loc scratch;
    const TargetRows::Loc* loc = t->second.find(ids[i], scratch);
    if (!loc) continue;
    const TargetRows::Chunk& c = t->second.chunks[loc->chunk];
    if (!rows.schemaPtr()) rows = Batch(c.rows.schemaPtr());
    rows.appendRows(c.rows, loc->row, loc->row + 1, StringCopy::Deep);
    rows.weights.back() = kInsert;
    withKeys = withKeys || !c.keyEnds.empty();
    baseKeys.push_back(t->second.baseKey(*loc));
    found[i] = 1;
  }
  return withKeys;
}

void CorrectionLog::applyStreamedBatch(plan::NodeId handler, plan::NodeId target, const Batch& traced,
                                       const std::vector<OrderKey>& baseKeys, bool withKeys,
                                       Batch* replacements, uint64_t injectSource,
                                       const std::vector<uint8_t>& conditions) {
  size_t n = traced.size();
  if (n == 0) return;
  Delta d;
  d.rows = Batch(traced.schemaPtr());
  d.rows.reserve(replacements ? 2 * n : n);
  std::lock_guard lock(mu_);
  HandlerTotals& totals = totals_[handler];
  (replacements ? totals.edits : totals.deletes) += n;
  for (size_t i = 0; i < n; ++i) {
    RowId was = traced.rowIds[i];
    d.rows.appendRows(traced, i, i + 1, StringCopy::Share);
    d.rows.weights.back() = kRetract;
    if (withKeys) d.keys.push_back(baseKeys[i]);
    std::shared_ptr<Batch> kept;
    if (replacements) {
      // One lineage per position (plan/HandlerGates.h): the replacement's
      // derivation is the traced row's plus one.
      RowId id = RowId::make(was.position(), injectSource, static_cast<uint64_t>(lineageCount(was)) + 1);
      replacements->rowIds[i] = id;
      replacements->weights[i] = kInsert;
      if (!parents_.empty())
        if (auto p = parents_.find(was.value); p != parents_.end()) parents_[id.value] = p->second;
      d.rows.appendRows(*replacements, i, i + 1, StringCopy::Share);
      if (withKeys) d.keys.push_back(baseKeys[i]);
      if (keepApplied_) {
        kept = std::make_shared<Batch>(replacements->schemaPtr());
        kept->appendRows(*replacements, i, i + 1, StringCopy::Deep);
      }
    }
    ast::ActionKind kind = replacements ? ast::ActionKind::EditSet : ast::ActionKind::Delete;
    records_.add(
        {was, handler, target, kind, lineageCount(was) + 1, conditions.empty() ? uint8_t{0} : conditions[i]},
        &traced, i, replacements, i);
    if (keepApplied_) applied_.push_back({handler, kind, target, was, std::move(kept)});
  }
  injectionBatches_[target].push_back(std::move(d));
}

std::vector<Delta> CorrectionLog::takeInjectionBatches(plan::NodeId node) {
  std::lock_guard lock(mu_);
  return takeEntry(injectionBatches_, node);
}

std::vector<AppliedCorrection> CorrectionLog::takeInjections(plan::NodeId node) {
  std::lock_guard lock(mu_);
  return takeEntry(injections_, node);
}

const CorrectionLog::Override* CorrectionLog::overrideFor(plan::NodeId node, RowId id) const {
  auto n = overrides_.find(node);
  if (n == overrides_.end()) return nullptr;
  auto it = n->second.find(id.value);
  return it == n->second.end() ? nullptr : &it->second;
}

}  // namespace popper::correction

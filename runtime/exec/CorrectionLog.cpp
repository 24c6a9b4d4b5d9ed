// Handler corrections across rounds (see CorrectionLog.h).
#include "runtime/exec/CorrectionLog.h"

#include <algorithm>
#include <deque>
#include <set>
#include <unordered_set>

namespace popper::exec {

void CorrectionLog::storeRow(plan::NodeId node, RowId id, HeldRow row) {
  std::lock_guard lock(mu_);
  rows_[node].insert_or_assign(id.value, std::move(row));
}

void CorrectionLog::storeParents(RowId id, std::vector<RowId> parents) {
  std::lock_guard lock(mu_);
  parents_.insert_or_assign(id.value, std::move(parents));
}

const HeldRow* CorrectionLog::trace(plan::NodeId target, RowId from, RowId* tracedId) {
  std::lock_guard lock(mu_);
  auto rowsIt = rows_.find(target);
  if (rowsIt == rows_.end()) return nullptr;
  const auto& rows = rowsIt->second;
  std::deque<uint64_t> todo{from.value};
  std::unordered_set<uint64_t> seen{from.value};
  const HeldRow* best = nullptr;
  uint64_t bestId = 0;
  while (!todo.empty()) {
    uint64_t id = todo.front();
    todo.pop_front();
    if (auto hit = rows.find(id); hit != rows.end()) {
      if (!best || id < bestId) best = &hit->second, bestId = id;
      continue;
    }
    auto p = parents_.find(id);
    if (p == parents_.end()) continue;
    for (RowId parent : p->second)
      if (seen.insert(parent.value).second) todo.push_back(parent.value);
  }
  if (best) *tracedId = RowId{bestId};
  return best;
}

std::optional<HandlerDecision> CorrectionLog::decision(plan::NodeId handler, RowId r, uint64_t contentHash) const {
  std::lock_guard lock(mu_);
  auto it = decisions_.find({handler, r.value, contentHash});
  if (it == decisions_.end()) return std::nullopt;
  return it->second;
}

void CorrectionLog::decide(plan::NodeId handler, RowId r, uint64_t contentHash, HandlerDecision d) {
  std::lock_guard lock(mu_);
  decisions_[{handler, r.value, contentHash}] = d;
}

RowId CorrectionLog::rootOf(RowId id) const {
  auto it = roots_.find(id.value);
  return it == roots_.end() ? id : RowId{it->second};
}

int CorrectionLog::corrections(plan::NodeId handler, RowId traced) const {
  std::lock_guard lock(mu_);
  auto it = counts_.find({handler, rootOf(traced).value});
  return it == counts_.end() ? 0 : it->second;
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

size_t CorrectionLog::applyPending() {
  std::lock_guard lock(mu_);
  std::sort(pending_.begin(), pending_.end(), [](const PendingCorrection& a, const PendingCorrection& b) {
    return std::tie(a.handler, a.sortKey, a.detected.value, a.action) <
           std::tie(b.handler, b.sortKey, b.detected.value, b.action);
  });
  // One count per detected row and lineage, however many actions it has.
  std::set<std::tuple<plan::NodeId, uint64_t, uint64_t>> counted;
  // A row an EDIT or DELETE of this round already retracted is gone: later
  // edits of it (several detected rows tracing to it, e.g. through a join
  // fan-out) find nothing to replace.
  std::set<std::pair<plan::NodeId, uint64_t>> retracted;
  for (PendingCorrection& c : pending_) {
    bool replaces = c.kind != ast::ActionKind::Append;
    if (replaces && !retracted.insert({c.target, c.traced.value}).second) continue;
    RowId root = rootOf(c.traced);
    if (counted.insert({c.handler, c.detected.value, root.value}).second) {
      ++counts_[{c.handler, root.value}];
      ++allCounts_[root.value];
    }
    Override& o = overrides_[c.target][c.traced.value];
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
      case ast::ActionKind::Append: ++t.appends; break;
    }
    if (c.replacement) {
      uint64_t k = ++nextDerivation_[c.traced.position()];
      RowId id = RowId::make(c.traced.position(), kCorrectionSource, k);
      roots_[id.value] = root.value;
      c.replacement->rowIds[0] = id;
      o.inserts.push_back({id, c.replacement});
    }
  }
  size_t n = pending_.size();
  pending_.clear();
  return n;
}

void CorrectionLog::startRound() {
  std::lock_guard lock(mu_);
  rows_.clear();
  parents_.clear();
  pending_.clear();
  ++rounds;
}

const CorrectionLog::Override* CorrectionLog::overrideFor(plan::NodeId node, RowId id) const {
  auto n = overrides_.find(node);
  if (n == overrides_.end()) return nullptr;
  auto it = n->second.find(id.value);
  return it == n->second.end() ? nullptr : &it->second;
}

}  // namespace popper::exec

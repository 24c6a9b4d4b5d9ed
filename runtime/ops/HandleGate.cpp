// A HANDLE that gates retractions: anchor groups, ordered release and
// streaming corrections (see HandleOp.h and compiler/plan/HandlerGates.h).
#include <algorithm>
#include <limits>

#include "runtime/data/Value.h"
#include "runtime/ops/HandleOp.h"

namespace popper::ops {

Status HandleOp::consumeGated(Delta&& in, const Selection& hits, const RowErrors& errors,
                              OperatorContext& ctx) {
  const Batch& rows = in.rows;
  size_t n = rows.size();
  hit_.assign(n, 0);
  for (uint32_t h : hits) hit_[h] = 1;
  for (const RowError& e : errors.errors()) hit_[e.row] = 1;
  // A row's anchor (HandlerGates.h): its id, or through a spine join its one parent.
  std::vector<uint64_t> anchors;
  if (anchored_) {
    anchors.resize(n);
    for (size_t r = 0; r < n; ++r) anchors[r] = rows.firstParentOrSelf(r).value;
  }
  auto anchor = [&](size_t r) { return anchored_ ? anchors[r] : rows.rowIds[r].value; };
  Selection pass;
  pass.reserve(n);
  // Runs of rows with one anchor and one sign: a group's insertion or retraction.
  for (size_t r = 0; r < n;) {
    uint64_t a = anchor(r);
    bool inserts = rows.weights[r] > 0;
    size_t end = r + 1;
    while (end < n && anchor(end) == a && (rows.weights[end] > 0) == inserts) ++end;
    if (inserts) {
      admitGroup(in, r, end, a, errors, pass);
    } else if (Status st = retractGroup(in, r, end, a); !st.isOk()) {
      return st;
    }
    if (!correction::isInjected(RowId{a})) seen_ = std::max(seen_, a);
    r = end;
  }
  if (streams_) {
    decideFresh(in, errors, pass);
    sincePrune_ += n;
    applyStreamed();
  }
  // Below the gate rows need no lineage (a spine join's is the anchor, for this gate only).
  if (anchored_) in.rows.dropLineage();
  release_.add(std::move(in), pass, std::move(anchors));
  return releaseGated(ctx);
}

void HandleOp::admitGroup(const Delta& in, size_t begin, size_t end, uint64_t anchor, const RowErrors& errors,
                          Selection& pass) {
  const Batch& rows = in.rows;
  bool any = false;
  for (size_t r = begin; r < end; ++r) {
    checked_ += static_cast<uint64_t>(rows.weights[r]);
    any = any || hit_[r];
  }
  // (Stream rows come after every held anchor: no lookup.)
  bool fresh = groups_.empty() || anchor > groups_.rbegin()->first || groups_.find(anchor) == groups_.end();
  if (fresh && !any) {
    for (size_t r = begin; r < end; ++r) pass.push_back(static_cast<uint32_t>(r));
    return;
  }
  if (fresh && streams_) {
    fresh_.push_back({anchor, begin, end});
    return;
  }
  // Held whole: a correction of the anchor retracts every row of it. (Not
  // fresh: its anchor's rows came in two deltas, decided with the first.)
  holdGroup(in, begin, end, anchor, errors);
  if (fresh) undecided_.insert(anchor);
}

HandleOp::Group& HandleOp::holdGroup(const Delta& in, size_t begin, size_t end, uint64_t anchor,
                                     const RowErrors& errors) {
  const Batch& rows = in.rows;
  Group& g = groups_[anchor];
  for (size_t r = begin; r < end; ++r) {
    GroupRow row;
    row.id = rows.rowIds[r].value;
    row.held.row = ownRow(rows, r);
    row.held.weight += rows.weights[r];
    row.detected = hit_[r];
    row.held.failed = errors.hasFailed(static_cast<uint32_t>(r));
    if (row.held.failed)
      for (const RowError& e : errors.errors())
        if (e.row == r) row.held.reason = "DETECT failed: " + e.message;
    if (!in.keys.empty()) row.key = in.keys[r];
    g.rows.push_back(std::move(row));
  }
  return g;
}

void HandleOp::decideFresh(const Delta& in, const RowErrors& errors, Selection& pass) {
  if (fresh_.empty()) return;
  const Batch& rows = in.rows;
  const plan::HandleAction* only = handle_.actions.size() == 1 ? &handle_.actions.front() : nullptr;
  bool batchable = only && (only->kind == ast::ActionKind::EditSet || only->kind == ast::ActionKind::Delete);
  std::vector<uint8_t> slow(fresh_.size(), 1);
  std::vector<size_t> fast;  // into fresh_
  Selection det;             // per fast group: its first detected row
  std::vector<uint64_t> anchors;
  for (size_t f = 0; f < fresh_.size() && batchable; ++f) {
    const Fresh& g = fresh_[f];
    bool ok = true;
    uint32_t first = 0;
    bool found = false;
    for (size_t r = g.begin; r < g.end; ++r) {
      ok = ok && !errors.hasFailed(static_cast<uint32_t>(r));
      if (hit_[r] && !found) first = static_cast<uint32_t>(r), found = true;
    }
    // Streaming: only this gate corrects the lineage, one correction after
    // the other, and its count is the anchor's derivation (lineageCount).
    int count = correction::CorrectionLog::lineageCount(RowId{g.anchor});
    if (!ok || !found || count >= maxRounds_ || count >= handle_.retry) continue;
    fast.push_back(f);
    det.push_back(first);
    anchors.push_back(g.anchor);
  }
  if (!fast.empty()) {
    Batch traced;
    std::vector<OrderKey> baseKeys;
    std::vector<uint8_t> live;
    bool withKeys = log_.gatherLive(only->target, anchors, traced, baseKeys, live);
    // The fast groups i with mask[i] == want, in order (the rest go the slow way).
    auto keepWhere = [&](const std::vector<uint8_t>& mask, uint8_t want, bool andBaseKeys) {
      Selection keep;
      for (size_t i = 0; i < fast.size(); ++i)
        if (mask[i] == want) keep.push_back(static_cast<uint32_t>(i));
      size_t k = 0;
      for (uint32_t i : keep) {
        fast[k] = fast[i], det[k] = det[i], anchors[k] = anchors[i];
        if (andBaseKeys) baseKeys[k] = std::move(baseKeys[i]);
        ++k;
      }
      fast.resize(k), det.resize(k), anchors.resize(k);
      if (andBaseKeys) baseKeys.resize(k);
      return keep;
    };
    // Rows that trace to nothing go the slow way (and are rejected there);
    // gatherLive gave only the live ones' rows and keys.
    keepWhere(live, 1, false);
    std::unique_ptr<Batch> repl;
    if (only->kind == ast::ActionKind::EditSet && !fast.empty()) {
      std::vector<uint8_t> failed(fast.size(), 0);
      repl = replacements(rows, det, traced, failed);
      if (std::find(failed.begin(), failed.end(), 1) != failed.end()) {
        // A SET failed: that row goes the slow way (rejected with the reason).
        Selection keep = keepWhere(failed, 0, withKeys);
        traced.retain(keep);
        repl->retain(keep);
      }
    }
    log_.applyStreamedBatch(node_.id, only->target, traced, baseKeys, withKeys, repl.get(), injectSource_,
                            conditions_.firstHeld(rows, det));
    for (size_t i = 0; i < fast.size(); ++i) {
      const Fresh& f = fresh_[fast[i]];
      slow[fast[i]] = 0;
      Group& g = groups_[f.anchor];
      g.corrected = true;
      for (size_t r = f.begin; r < f.end; ++r) {
        GroupRow row;
        row.id = rows.rowIds[r].value;
        row.held.weight += rows.weights[r];
        row.detected = hit_[r];
        if (row.detected) {
          row.held.state = State::Corrected;
          detected_ += static_cast<uint64_t>(rows.weights[r]);
          corrected_ += static_cast<uint64_t>(rows.weights[r]);
        }
        g.rows.push_back(std::move(row));
      }
      if (repl) g.replacement = repl->rowIds[i].value;
    }
  }
  bool passedLate = false;
  for (size_t f = 0; f < fresh_.size(); ++f) {
    if (!slow[f]) continue;
    const Fresh& g = fresh_[f];
    size_t before = pass.size();
    decideGroup(g.anchor, holdGroup(in, g.begin, g.end, g.anchor, errors), g.begin, g.end, &pass);
    passedLate = passedLate || pass.size() > before;
  }
  fresh_.clear();
  if (passedLate) std::sort(pass.begin(), pass.end());  // ascending, as OrderedRelease wants
}

std::unique_ptr<Batch> HandleOp::replacements(const Batch& rows, const Selection& det, const Batch& traced,
                                              std::vector<uint8_t>& failed) {
  const plan::HandleAction& action = handle_.actions.front();
  Batch detected(rows.schemaPtr());
  detected.appendRows(rows, det);
  auto repl = std::make_unique<Batch>(traced.schemaPtr());
  repl->appendRows(traced, 0, traced.size(), StringCopy::Share);
  // SET reads the detected row (input 0) and the traced row (t.col, input 1).
  EvalContext ctx{&detected, &traced, nullptr, &repl->arena()};
  Selection all = allRows(det.size());
  for (size_t s = 0; s < action.assignments.size(); ++s) {
    Column value(action.assignments[s].value.type);
    RowErrors errors;
    setExprs_[0][s]->evaluate(ctx, all, value, errors);
    for (const RowError& e : errors.errors()) failed[e.row] = 1;
    Column& dst = repl->columns[static_cast<size_t>(action.assignments[s].column)];
    Column set(dst.type);
    for (size_t i = 0; i < det.size(); ++i) appendValue(set, failed[i] ? cellAt(dst, i) : cellAt(value, i));
    dst = std::move(set);
  }
  return repl;
}

Status HandleOp::retractGroup(const Delta& in, size_t begin, size_t end, uint64_t anchor) {
  // By the gate's plan condition every retraction is of a row it holds, in
  // a group a correction retracted.
  auto it = groups_.find(anchor);
  if (it == groups_.end())
    return Status::internal("HANDLE '" + node_.name +
                            "': a retraction reached a gating handler for a row it forwarded");
  Group& g = it->second;
  for (size_t r = begin; r < end; ++r) {
    RowId id = in.rows.rowIds[r];
    auto row = std::find_if(g.rows.begin(), g.rows.end(),
                            [&](const GroupRow& x) { return x.held.weight > 0 && x.id == id.value; });
    if (row == g.rows.end())
      return Status::internal("HANDLE '" + node_.name + "': a retraction of a row the gate does not hold");
    row->held.weight += in.rows.weights[r];
  }
  bool live = std::any_of(g.rows.begin(), g.rows.end(), [](const GroupRow& x) { return x.held.weight > 0; });
  if (live) return Status::ok();
  // The correction came back (its replacement, if any, in this delta, or
  // filtered out on the way).
  for (GroupRow& row : g.rows)
    if (row.held.row.schemaPtr() && spareRows_.size() < 1024) {
      row.held.row.clear();
      spareRows_.push_back(std::move(row.held.row));
    }
  groups_.erase(it);
  undecided_.erase(anchor);
  return Status::ok();
}

void HandleOp::decideGroup(uint64_t anchor, Group& g, size_t begin, size_t end, Selection* pass) {
  Delta none;
  for (GroupRow& row : g.rows) {
    Held& h = row.held;
    if (!row.detected || h.state != State::Waiting || h.weight <= 0) continue;
    if (g.corrected) {
      // Traced to the row the group's correction already replaces.
      detected_ += static_cast<uint64_t>(h.weight);
      corrected_ += static_cast<uint64_t>(h.weight);
      h.state = State::Corrected;
      continue;
    }
    decide(HeldKey{row.key, anchor}, h, none, false);
    g.corrected = h.state == State::Corrected;
  }
  if (g.corrected) return;  // held until its retraction comes back
  // Not corrected: the rows DETECT passed and those decided PASS go on;
  // DROP and REJECT are kept for finish.
  size_t r = begin;
  for (GroupRow& row : g.rows) {
    Held& h = row.held;
    bool forward = !row.detected || h.state == State::Passed;
    if (row.detected && h.state == State::Passed) passed_ += static_cast<uint64_t>(std::max(h.weight, 0));
    bool here = r < end && pass;  // rows of this delta go on in place
    if (forward && here) pass->push_back(static_cast<uint32_t>(r));
    if (forward && !here && h.weight > 0)
      release_.addRow(h.row, 0, sawKeys_ ? &row.key : nullptr, h.weight, anchor);
    if (!forward) {
      kept_.push_back(std::move(h));
    } else if (spareRows_.size() < 1024) {
      h.row.clear();
      spareRows_.push_back(std::move(h.row));
    }
    if (here) ++r;
  }
  groups_.erase(anchor);
}

void HandleOp::flushGated() {
  // Streaming: every group was decided as it came; corrections come back
  // with the target's next delta.
  if (streams_) return;
  std::set<uint64_t> undecided;
  undecided.swap(undecided_);
  for (uint64_t anchor : undecided) {
    auto it = groups_.find(anchor);
    if (it != groups_.end()) decideGroup(anchor, it->second, 0, 0, nullptr);
  }
  // The targets keep only the anchors it still holds and the rows it has
  // not seen yet (the only rows a correction can trace to): at a barrier
  // every row the targets emitted has reached the gate, or waits in a spine
  // join for its right side (then the gate has seen nothing yet).
  std::vector<uint64_t> keep;
  for (const auto& entry : groups_) keep.push_back(entry.first);
  std::vector<plan::NodeId> targets;
  for (const plan::HandleAction& a : handle_.actions)
    if (std::find(targets.begin(), targets.end(), a.target) == targets.end()) targets.push_back(a.target);
  for (plan::NodeId t : targets) log_.pruneRows(t, seen_, keep);
  // What this flush unblocked is released by the next consume (on a worker,
  // while the sources read on) or at finish, not here at the barrier, where
  // everything upstream waits.
}

void HandleOp::applyStreamed() {
  if (!toApply_.empty()) {
    std::vector<std::pair<uint64_t, std::shared_ptr<Batch>>> applied;
    for (const correction::PendingCorrection& c : toApply_)
      applied.emplace_back(c.traced.value, c.replacement);
    log_.applyPending(std::move(toApply_));
    toApply_.clear();
    // The replacements now carry their injected ids: they stay traceable
    // until they come back.
    // (A DELETE beside an EDIT of the same row keeps the EDIT's replacement.)
    for (const auto& [traced, row] : applied)
      if (auto g = groups_.find(traced); g != groups_.end() && row)
        g->second.replacement = row->rowIds[0].value;
  }
  // Now and then (every epoch_rows input rows): the target keeps only what
  // a correction can still trace (rows in flight, and the ones the gate has
  // not seen yet).
  if (sincePrune_ < pruneEvery_) return;
  sincePrune_ = 0;
  // New held rows and replacements copy their strings into a fresh arena;
  // the old one goes with the last row that shares it (so it does not grow
  // for the whole run).
  strings_ = Batch();
  std::vector<uint64_t> keep;
  for (const auto& [anchor, g] : groups_) {
    keep.push_back(anchor);
    if (g.replacement != 0 && g.replacement != anchor) keep.push_back(g.replacement);
  }
  std::sort(keep.begin(), keep.end());
  log_.pruneRows(handle_.actions.front().target, seen_, keep);
}

Status HandleOp::releaseGated(OperatorContext& ctx) {
  // Every held group is undecided or waits for its correction to come back.
  uint64_t bound = groups_.empty() ? std::numeric_limits<uint64_t>::max() : groups_.begin()->first;
  return release_.release(bound, ctx, /*keepPartial=*/true);
}

}  // namespace popper::ops

// HandleOp: a HANDLE node in a run (docs/error-handling.md), in flight. A row whose
// DETECT is false passes at once (and so does its retraction). A detected
// row is held; at each flush (a quiescent point of the run's waves, see
// runtime/engine/Engine.cpp) the handler decides over its still-live, still
// undecided held rows in canonical order (order key, then id), so decisions
// never depend on thread timing: it records the corrections for a row in the
// run's CorrectionLog (applied between waves) and does not forward it, or
// applies the EVENTUALLY policy (PASS forwards, DROP discards, REJECT keeps it
// for the rejects file). A row it never forwarded is never retracted
// downstream: retractions of held rows stop here. Rejected rows are written
// to the rejects file only at finish, and only if still live (a row retracted
// later, because its source was corrected, is not a reject).
//
// A gating handler (compiler/plan/HandlerGates.h) forwards nothing that can
// be retracted, and in canonical order. It works on *anchor groups* (the rows
// of one anchor, which arrive together): a group where DETECT holds for no
// row passes whole; any other group is held whole, its detected rows decided
// in arrival order, and the first that is corrected decides for the group
// (the correction retracts the group's rows, detected or not, and its other
// detected rows count as corrected with it). An uncorrected group's rows
// are forwarded, except those decided DROP or REJECT. Rows that pass wait in
// an OrderedRelease behind the first anchor still undecided or whose
// correction has not come back yet (it comes back by the next flush), so
// what it feeds runs like a plan without handlers. Releases happen as rows
// arrive and at finish, not at a flush (a barrier: everything upstream waits
// for it). The gate's code is in HandleGate.cpp.
//
// A gate that streams its corrections (plan/HandlerGates.h
// streamsCorrections) decides a group as soon as it arrives and has its
// corrections applied at once (the target's tap adds them to its next
// delta); rows after it wait only until the traced row's retraction comes
// back. It also prunes the target's stored rows as it goes (the run has no
// flushes until the input is exhausted).
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "compiler/plan/Dataflow.h"
#include "runtime/catalog/OperatorCatalog.h"
#include "runtime/correction/CorrectionLog.h"
#include "runtime/expr/ExprEvaluator.h"
#include "runtime/ops/DetectConditions.h"
#include "runtime/ops/OrderedRelease.h"
#include "runtime/ops/PhysicalOperator.h"

namespace popper::ops {

class HandleOp : public PhysicalOperator {
 public:
  struct Settings {
    int64_t maxRounds = 0;    // SET max_rounds
    bool gate = false;        // the plan found it gates retractions (see above)
    bool streams = false;     // ... and streams its corrections (see above)
    uint64_t pruneEvery = 0;  // streaming: prune the target's rows every this many input rows
    uint64_t injectSource = correction::kCorrectionSource;  // streaming: the source of its injected rows' ids
    // Makes DETECT's and SET's evaluators (the JIT's in a run that has one).
    EvaluatorFactory evaluators = interpreterFactory();
    bool anchored = false;  // a gate whose spine has a join: a row's anchor is its one lineage parent
  };
  // Creates the operators of its EDIT ... USING actions from `catalog`
  // (once per handler); fails if one is not available.
  static Result<std::unique_ptr<HandleOp>> create(const plan::PlanNode& node, const plan::Dataflow& flow,
                                                  correction::CorrectionLog& log, const Settings& settings,
                                                  const catalog::OperatorCatalog& catalog);

  Status consume(int port, Delta&& in, OperatorContext& ctx) override;
  Status flush(OperatorContext& ctx) override;
  Status finish(OperatorContext& ctx) override;

 private:
  HandleOp(const plan::PlanNode& node, const plan::Dataflow& flow, correction::CorrectionLog& log,
           int64_t maxRounds, const EvaluatorFactory& evaluators);
  // consume and flush; an EDIT ... USING operator that cannot go on
  // (catalog::OperatorFailure, e.g. an Exec command that cannot start) fails the run.
  Status consumeRows(int port, Delta&& in, OperatorContext& ctx);
  Status flushHeld(OperatorContext& ctx);
  Status failed(const catalog::OperatorFailure& e) const;

  enum class State : uint8_t { Waiting, Corrected, Passed, Dropped, Rejected };
  struct Held {
    int weight = 0;  // live copies
    Batch row;       // the row (one, its strings in strings_: ownRow)
    State state = State::Waiting;
    bool failed = false;  // DETECT itself failed on the row
    std::string reason;   // Rejected: why
  };
  using HeldKey = std::pair<OrderKey, uint64_t>;

  // ---- a gate (HandleGate.cpp) ----
  // A held anchor group (see above): its rows in arrival order.
  struct GroupRow {
    uint64_t id = 0;  // the row's id (held.row is empty for a group corrected in a batch)
    Held held;
    OrderKey key;           // the row's order key ("" if the rows carry none)
    bool detected = false;  // DETECT held (or failed) on it
  };
  struct Group {
    std::vector<GroupRow> rows;
    bool corrected = false;    // decided: a correction retracts it
    uint64_t replacement = 0;  // streaming, corrected by an EDIT: its replacement's id (else 0)
  };
  // A gate's consume: holds groups with detected rows, queues the others for release.
  Status consumeGated(Delta&& in, const Selection& hits, const RowErrors& errors, OperatorContext& ctx);
  // Rows [begin, end) of `in`, insertions of anchor `anchor`: passed (into
  // `pass`), held as (part of) a group, or (streaming) left for decideFresh.
  void admitGroup(const Delta& in, size_t begin, size_t end, uint64_t anchor, const RowErrors& errors,
                  Selection& pass);
  // Holds rows [begin, end) of `in` in group `anchor` (created if new).
  Group& holdGroup(const Delta& in, size_t begin, size_t end, uint64_t anchor, const RowErrors& errors);
  // Streaming: decides the groups of this delta that have detected rows.
  // The common case (one EDIT ... SET or DELETE action, no DETECT failure,
  // the lineage still under RETRY and max_rounds) is corrected as one batch:
  // traced rows gathered at once, SET evaluated over all of them, applied and
  // injected as one batch, nothing copied into the group. The rest is held
  // and decided row by row (decideGroup).
  void decideFresh(const Delta& in, const RowErrors& errors, Selection& pass);
  // EDIT ... SET over a batch: the replacements of `traced` (rows of the
  // target) for detected rows `det` of `rows`; failed[i] is set where a SET
  // failed (that row's replacement is the traced row).
  std::unique_ptr<Batch> replacements(const Batch& rows, const Selection& det, const Batch& traced,
                                      std::vector<uint8_t>& failed);
  // Rows [begin, end) of `in`, retractions of anchor `anchor`: of the group's rows.
  Status retractGroup(const Delta& in, size_t begin, size_t end, uint64_t anchor);
  // Decides held group `anchor`; if it is not corrected, forwards its rows
  // (those of this delta, rows [begin, end) of it, into `pass`; the others late).
  void decideGroup(uint64_t anchor, Group& g, size_t begin, size_t end, Selection* pass);
  // A gate's flush: decides the groups held since the last one.
  void flushGated();
  // A gate: releases what passed below the first anchor it still waits for.
  Status releaseGated(OperatorContext& ctx);
  // A streaming gate: applies what it decided in this consume, and now and
  // then prunes the target's stored rows.
  void applyStreamed();

  // Row r of `rows` alone, its strings copied into strings_: a row the
  // handler keeps must not pin (and later free, from this thread) the
  // string blocks of the batch it came in.
  Batch ownRow(const Batch& rows, size_t r);
  // Drops a held row (its batch is kept for the next ownRow).
  void forget(std::map<HeldKey, Held>::iterator it);
  // Holds row r of `rows` (detected, or DETECT failed on it) under `key`.
  std::map<HeldKey, Held>::iterator hold(HeldKey key, const Batch& rows, size_t r, const RowErrors& errors);

  // EDIT t USING Op: re-runs the input row of traced row `traced` of t
  // through Op; its output replaces the traced row. Null (and `why`) on failure.
  std::shared_ptr<Batch> editUsing(size_t action, const correction::HeldRow& traced, std::string& why);
  // Decides a waiting row; may record corrections and forward it.
  void decide(const HeldKey& key, Held& h, Delta& out, bool withKeys);
  // Records the corrections for detected row `h`; false (and `why`) if one
  // cannot be computed.
  bool recordCorrections(const HeldKey& key, const Held& h,
                         const std::vector<std::vector<correction::HeldRow>>& traced, std::string& why);

  const plan::PlanNode& node_;
  const plan::HandleNode& handle_;
  const plan::Dataflow& flow_;
  correction::CorrectionLog& log_;
  int64_t maxRounds_;
  std::unique_ptr<ExprEvaluator> detect_;
  DetectConditions conditions_;              // which part of DETECT held, for records and reasons
  std::vector<std::string> conditionTexts_;  // those parts as text
  std::vector<std::vector<std::unique_ptr<ExprEvaluator>>> setExprs_;  // per action, per assignment
  std::vector<std::unique_ptr<catalog::Processor>>
      usingOps_;  // per action: EDIT USING's operator (else null)
  std::map<HeldKey, Held> held_;
  // A gate (see above): passed rows not yet forwarded, the held groups
  // (each undecided, or corrected and waiting for its retraction: the first
  // one bounds the release), the anchors of those still undecided; decided
  // rows it did not forward (DROP, REJECT: kept for finish) and how many
  // detected rows it passed.
  bool gate_ = false;
  bool anchored_ = false;
  OrderedRelease release_;
  std::map<uint64_t, Group> groups_;
  std::set<uint64_t> undecided_;
  std::vector<Held> kept_;
  uint64_t passed_ = 0;
  std::vector<uint8_t> hit_;  // scratch: per row of a delta, DETECT held or failed
  struct Fresh {
    uint64_t anchor;
    size_t begin, end;
  };
  std::vector<Fresh> fresh_;  // streaming: this delta's groups with detected rows, not decided yet
  // Streaming (see above): the corrections decided in this consume, the
  // largest anchor of the target's own rows seen, and how many rows since
  // the last prune.
  bool streams_ = false;
  std::vector<correction::PendingCorrection> toApply_;
  uint64_t seen_ = 0;
  uint64_t sincePrune_ = 0, pruneEvery_ = 0;
  uint64_t injectSource_ = correction::kCorrectionSource;
  Batch strings_;  // owns the strings of held rows and replacements (they share it; streaming: renewed at
                   // each prune)
  std::vector<Batch> spareRows_;  // emptied one-row batches of rows no longer held
  bool sawKeys_ = false;
  // Over the whole run: row versions checked, and detected rows decided / corrected.
  uint64_t checked_ = 0, detected_ = 0, corrected_ = 0;
};

}  // namespace popper::ops

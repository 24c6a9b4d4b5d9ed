// CorrectionLog: what handlers decided and corrected, kept across the
// correction rounds of one run (see CorrectionRounds in Engine.cpp).
//
// How corrections reach the data: a run executes the plan in rounds. In a
// round every HANDLE only *records* the corrections it wants (EDIT, APPEND,
// DELETE of a traced row of an ancestor t); between rounds they are applied
// here, in a canonical order, as overrides on t's rows: when t emits a row
// with an override, a CorrectionTap (CorrectionTap.h) drops it (EDIT, DELETE)
// and/or emits the injected copies after it (EDIT, APPEND), with the same
// weight, so retractions of t's rows retract their replacements too. The
// next round then recomputes everything downstream of t, joins, groups and
// outputs included. The run ends at the fixpoint: a round in which no handler
// asked for a new correction; its outputs are committed.
//
// Determinism: handlers decide at the end of their input, over their live rows
// sorted canonically; corrections are applied between rounds in the order
// (handler, row key, action); injected RowIds come from the traced row's
// position and a per-position counter bumped in that order. Nothing depends
// on thread timing.
//
// Termination: corrections are counted per handler and lineage root (the
// original row of t a correction chain started from); a handler corrects a
// lineage at most RETRY times, and all handlers together at most max_rounds
// times, after which the row gets the EVENTUALLY policy (or is rejected with
// the max_rounds reason).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/plan/Dataflow.h"
#include "runtime/data/Batch.h"
#include "runtime/ops/Delta.h"

namespace popper::exec {

// A row held outside any delta: a one-row batch with its own strings.
struct HeldRow {
  Batch row;             // one row, strings deep-copied
  ops::OrderKey baseKey;  // the row's order key before the tap's suffix ("" if none)
};

// What a handler decided for one detected row (memoised across rounds, so a
// row that comes back unchanged in a later round gets the same decision).
enum class HandlerDecision : uint8_t { Corrected, Passed, Dropped, Rejected };

// A correction a handler asked for in the current round.
struct PendingCorrection {
  plan::NodeId handler = plan::kNoNode;
  ops::OrderKey sortKey;      // the detected row's canonical position
  RowId detected;             // the detected row r
  int action = 0;             // index in the handler's actions
  ast::ActionKind kind = ast::ActionKind::EditSet;
  plan::NodeId target = plan::kNoNode;
  RowId traced;               // the row of the target it traced to
  std::shared_ptr<Batch> replacement;  // EditSet / Append: the new row (one row, t's schema)
};

struct HandlerTotals {
  uint64_t edits = 0, appends = 0, deletes = 0;  // over all rounds
};

// What a handler saw in the last (final) round.
struct HandlerRoundStats {
  uint64_t checked = 0, detected = 0, corrected = 0, passed = 0, dropped = 0, rejected = 0;
};

class CorrectionLog {
 public:
  // ---- during a round (called from operator threads) ----

  // Taps on targets store the rows they emit so handlers can read the traced row.
  void storeRow(plan::NodeId node, RowId id, HeldRow row);
  // Lineage of rows whose id differs from their parents' (joins, process, groups).
  void storeParents(RowId id, std::vector<RowId> parents);
  // The row of `target` that `from` derives from (following stored parents;
  // row-wise operators keep ids). Several ancestors: the smallest id, so the
  // choice is canonical. nullptr if none is found.
  const HeldRow* trace(plan::NodeId target, RowId from, RowId* tracedId);

  std::optional<HandlerDecision> decision(plan::NodeId handler, RowId r, uint64_t contentHash) const;
  void decide(plan::NodeId handler, RowId r, uint64_t contentHash, HandlerDecision d);
  // Corrections already applied to the lineage of `traced` by `handler` (and by all handlers).
  int corrections(plan::NodeId handler, RowId traced) const;
  int allCorrections(RowId traced) const;
  void addPending(PendingCorrection c);

  // ---- between rounds (single-threaded) ----

  // Applies this round's pending corrections; returns how many there were.
  size_t applyPending();
  // Clears the per-round row and lineage stores.
  void startRound();

  // ---- used by taps while a round runs (read-only then) ----
  struct Override {
    bool retract = false;  // EDIT / DELETE: the original row is not emitted
    struct Injected {
      RowId id;
      std::shared_ptr<Batch> row;
    };
    std::vector<Injected> inserts;
  };
  const Override* overrideFor(plan::NodeId node, RowId id) const;
  bool hasTargets(plan::NodeId node) const { return targets_.count(node) > 0; }
  void addTarget(plan::NodeId node) { targets_[node] = true; }

  const std::map<plan::NodeId, HandlerTotals>& totals() const { return totals_; }
  void setRoundStats(plan::NodeId handler, HandlerRoundStats s) {
    std::lock_guard lock(mu_);
    roundStats_[handler] = s;
  }
  const std::map<plan::NodeId, HandlerRoundStats>& roundStats() const { return roundStats_; }
  size_t rounds = 0;

 private:
  RowId rootOf(RowId id) const;

  mutable std::mutex mu_;
  std::map<plan::NodeId, bool> targets_;
  // per round
  std::map<plan::NodeId, std::unordered_map<uint64_t, HeldRow>> rows_;
  std::unordered_map<uint64_t, std::vector<RowId>> parents_;
  std::vector<PendingCorrection> pending_;
  // across rounds
  std::map<std::tuple<plan::NodeId, uint64_t, uint64_t>, HandlerDecision> decisions_;
  std::map<std::pair<plan::NodeId, uint64_t>, int> counts_;  // (handler, root) -> corrections
  std::map<uint64_t, int> allCounts_;                        // root -> corrections by any handler
  std::map<plan::NodeId, std::unordered_map<uint64_t, Override>> overrides_;
  std::unordered_map<uint64_t, uint64_t> roots_;       // injected id -> lineage root
  std::unordered_map<uint64_t, uint64_t> nextDerivation_;  // position -> injected rows so far
  std::map<plan::NodeId, HandlerTotals> totals_;
  std::map<plan::NodeId, HandlerRoundStats> roundStats_;
};

// Injected rows use this source id in their RowId (no plan has 1023 nodes).
constexpr uint64_t kCorrectionSource = RowId::kMaxSource;

}  // namespace popper::exec

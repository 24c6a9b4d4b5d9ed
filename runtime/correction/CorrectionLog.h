// CorrectionLog: what handlers corrected during one run, and the lineage
// they trace through (see the waves in Engine.cpp).
//
// How corrections reach the data: the part of the plan downstream of a
// back-edge target runs as one live dataflow in waves. During a wave every
// HANDLE decides over the detected rows it holds and *records* the
// corrections it wants (EDIT, APPEND, DELETE of the traced rows of an
// ancestor t) with addPending(). Between waves applyPending() applies them in
// a canonical order: it counts them, assigns the injected rows' ids, updates
// the overrides of t's rows and queues them for t's CorrectionTap, which
// emits them into the live flow at its next flush (a retraction of the traced
// row with its stored content and order key, an insertion of the
// replacement). Everything downstream updates incrementally; the run ends
// when a wave asks for nothing new.
//
// Determinism: handlers decide at a flush, over their held rows sorted
// canonically; corrections are applied in the order (handler, row key, row
// id, action); injected RowIds come from the traced row's position and a
// per-position counter bumped in that order. Nothing depends on thread timing.
// (Streaming corrections, below: a gate decides rows as they arrive, but a
// lineage is corrected by one gate, one correction after the other, and an
// injected id is (position, the gate's own source, the lineage's count).)
//
// Termination: corrections are counted per handler and lineage root (the
// original row of t a correction chain started from); a handler corrects a
// lineage at most RETRY times, and all handlers together at most max_rounds
// times, after which the row gets the EVENTUALLY policy (or is rejected with
// the max_rounds reason). Counts change only in applyPending(), between waves.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/plan/Dataflow.h"
#include "runtime/correction/CorrectionRecords.h"
#include "runtime/data/Batch.h"
#include "runtime/data/Delta.h"

namespace popper::correction {

// Injected rows use this source id in their RowId; with streaming
// corrections each gate has its own, counting down from it (so injected ids
// never collide across gates). Plan node ids stay below kFirstCorrectionSource.
constexpr uint64_t kCorrectionSource = RowId::kMaxSource;
constexpr uint64_t kFirstCorrectionSource = RowId::kMaxSource - 63;
// True if `id` is a row a correction injected (not a node's own row).
constexpr bool isInjected(RowId id) { return id.source() >= kFirstCorrectionSource; }

// A row held outside any delta: a one-row batch with its own strings.
struct HeldRow {
  Batch row;         // one row, strings deep-copied; rowIds[0] is its id
  OrderKey baseKey;  // the row's order key before the tap's suffix ("" if none)
};

// A correction a handler asked for in the current wave.
struct PendingCorrection {
  plan::NodeId handler = plan::kNoNode;
  OrderKey sortKey;  // the detected row's canonical position
  RowId detected;    // the detected row r
  int action = 0;    // index in the handler's actions
  ast::ActionKind kind = ast::ActionKind::EditSet;
  plan::NodeId target = plan::kNoNode;
  RowId traced;                        // the row of the target it traced to
  std::shared_ptr<Batch> replacement;  // EditSet / EditUsing / Append: the new row (one row, t's schema)
  int traceIndex = 0;                  // which of the traced rows of r (several through joins and groups)
  uint64_t injectSource = kCorrectionSource;  // the source of the replacement's id (a streaming gate's own)
  uint8_t condition = 0;                      // the part of DETECT that held (ops/DetectConditions.h)
};

// A correction as applied, in application order (for `--verify` and taps).
struct AppliedCorrection {
  plan::NodeId handler = plan::kNoNode;
  ast::ActionKind kind = ast::ActionKind::EditSet;
  plan::NodeId target = plan::kNoNode;
  RowId traced;
  std::shared_ptr<Batch> replacement;  // null for DELETE; rowIds[0] is the injected id
};

struct HandlerTotals {
  uint64_t edits = 0, appends = 0, deletes = 0;  // over the whole run
};

// What a handler holds at the end of the run: its live input rows, those
// where DETECT held, and what became of those.
struct HandlerRoundStats {
  uint64_t checked = 0, detected = 0, corrected = 0, passed = 0, dropped = 0, rejected = 0;
};

class CorrectionLog {
 public:
  // ---- while a wave runs (called from operator threads) ----

  // Taps on targets record what they emit, so handlers can trace to their live rows.
  // `suffixed`: the keys carry the target tap's 4-byte suffix.
  void recordRows(plan::NodeId node, const Delta& emitted, bool withKeys, bool suffixed = true);
  // Lineage of rows whose id differs from their parents' (joins, process, groups).
  void recordParents(const Batch& emitted);
  void storeParents(RowId id, std::vector<RowId> parents);

  // ---- at a barrier (single-threaded) ----

  // Every live row of `target` that `from` derives from (following stored
  // parents; row-wise operators keep ids), in id order.
  std::vector<HeldRow> traceAll(plan::NodeId target, RowId from) const;
  // The live row `id` of target `node`, if any.
  std::optional<HeldRow> liveRow(plan::NodeId node, RowId id) const;
  // What target `node`'s tap emits for the applied corrections `todo`, under
  // one lock: for each whose traced row is still live (an upstream retraction
  // may have removed it since; then there is nothing left to change), the
  // retraction of the stored row (EDIT, DELETE) and the insertion of the
  // replacement (EDIT, APPEND), with their own strings. `baseKeys` (if not
  // null) gets the traced row's base order key for every row appended.
  void appendInjections(plan::NodeId node, const std::vector<AppliedCorrection>& todo, Batch& out,
                        std::vector<OrderKey>* baseKeys) const;

  // Corrections already applied to the lineage of `traced` by `handler` (and by all handlers).
  int corrections(plan::NodeId handler, RowId traced) const;
  int allCorrections(RowId traced) const;
  // Both at once (one lookup of the lineage root): {by handler, by all}.
  std::pair<int, int> correctionCounts(plan::NodeId handler, RowId traced) const;
  void addPending(PendingCorrection c);

  // Applies this wave's pending corrections, and `more`; returns how many there were.
  size_t applyPending(std::vector<PendingCorrection> more = {});
  // The corrections applied to `node` and not yet emitted by its tap.
  std::vector<AppliedCorrection> takeInjections(plan::NodeId node);
  // Some target has corrections its tap has not emitted yet.
  bool hasInjections() const;

  // ---- streaming corrections (plan/HandlerGates.h streamsCorrections) ----
  // Each of the plan's gates applies its corrections as it decides them
  // (from a worker, applyPending() under the lock) and the target's tap
  // emits them with its next delta. No overrides: a target's own input
  // never retracts or repeats a row, so nothing it emits later can be
  // overridden.
  void setStreaming() { streaming_ = true; }
  bool streaming() const { return streaming_; }
  // Streaming: how many corrections row `id`'s lineage has had, which is its
  // derivation (a lineage is one chain of replacements at one position; the
  // k-th replacement is the k-th injected row there). No counts are kept.
  static int lineageCount(RowId id) { return isInjected(id) ? static_cast<int>(id.derivation()) : 0; }
  // A streaming gate's fast path, a batch of corrections at a time:
  // gatherLive appends the live rows `ids` of target `node` to `rows` (their
  // strings copied, weight +1) and their base order keys to `baseKeys`;
  // found[i] says whether ids[i] was live. True if the target's rows carry
  // order keys.
  bool gatherLive(plan::NodeId node, const std::vector<uint64_t>& ids, Batch& rows,
                  std::vector<OrderKey>& baseKeys, std::vector<uint8_t>& found) const;
  // Applies one correction by `handler` per row of `traced` (rows of
  // `target` as gatherLive gave them): a DELETE when `replacements` is
  // null, else an EDIT whose new rows are `replacements` (aligned; their ids
  // are assigned here: the traced row's position, `injectSource`, its
  // lineage count plus one). The target's tap emits the retractions and
  // insertions with its next delta, as one batch. `conditions` (aligned, or
  // empty: all 0) says which part of DETECT held for each.
  void applyStreamedBatch(plan::NodeId handler, plan::NodeId target, const Batch& traced,
                          const std::vector<OrderKey>& baseKeys, bool withKeys, Batch* replacements,
                          uint64_t injectSource, const std::vector<uint8_t>& conditions = {});
  // The batches applyStreamedBatch queued for `node`'s tap.
  std::vector<Delta> takeInjectionBatches(plan::NodeId node);

  // Drops the rows of target `node` the gate can no longer trace: its own
  // rows with ids up to `seen` (the gate has consumed those) and every
  // injected row, except the ids in `keep` (ascending).
  void pruneRows(plan::NodeId node, uint64_t seen, const std::vector<uint64_t>& keep);

  // ---- used by taps ----
  struct Override {
    bool retract = false;  // EDIT / DELETE: the original row is not emitted
    struct Injected {
      RowId id;
      std::shared_ptr<Batch> row;
    };
    std::vector<Injected> inserts;
  };
  const Override* overrideFor(plan::NodeId node, RowId id) const;
  // All overrides of `node` (null if none); changes only between waves.
  const std::unordered_map<uint64_t, Override>* overridesOf(plan::NodeId node) const {
    auto it = overrides_.find(node);
    return it == overrides_.end() ? nullptr : &it->second;
  }
  // The largest row id `node` has an override for (0 if none): rows with
  // larger ids need no lookup. Changes only between waves.
  uint64_t maxOverridden(plan::NodeId node) const {
    auto it = maxOverridden_.find(node);
    return it == maxOverridden_.end() ? 0 : it->second;
  }
  // A target of a gating handler (compiler/plan/HandlerGates.h): its rows
  // share the deltas' strings and stay only until the gate keeps the ones it
  // still holds (retainRows at its flush; pruneRows as a streaming gate goes).
  void addGateTarget(plan::NodeId node) {
    rows_[node].shareStrings = true;
    rows_[node].chunkRows = size_t{1} << 13;
  }
  // Keeps only the live rows of target `node` whose ids are in `keep` (ascending).
  void retainRows(plan::NodeId node, const std::vector<uint64_t>& keep);
  bool hasTargets(plan::NodeId node) const { return targets_.count(node) > 0; }
  // `overrides`: the target needs them (plan/PhysicalDecisions.h
  // targetOverrides); else a correction of its rows records none.
  void addTarget(plan::NodeId node, bool overrides = true) { targets_[node] = overrides; }
  // Nodes whose rows are kept without being a target: the input of an
  // `EDIT t USING` target (its rows are re-run through the operator).
  void addRowStore(plan::NodeId node) { rowStores_[node] = true; }
  bool storesRows(plan::NodeId node) const { return rowStores_.count(node) > 0; }
  // The stored parents of `id` (empty if its id is its parent's).
  std::vector<RowId> parentsOf(RowId id) const;

  // Every applied correction, in application order (for --verify); off, the
  // replacements are freed once their taps emitted them.
  const std::vector<AppliedCorrection>& applied() const { return applied_; }
  void keepApplied(bool keep) { keepApplied_ = keep; }
  const std::map<plan::NodeId, HandlerTotals>& totals() const { return totals_; }
  // Every applied correction with its rows before and after (the corrections file).
  const CorrectionRecords& records() const { return records_; }
  void setRoundStats(plan::NodeId handler, HandlerRoundStats s) {
    std::lock_guard lock(mu_);
    roundStats_[handler] = s;
  }
  const std::map<plan::NodeId, HandlerRoundStats>& roundStats() const { return roundStats_; }

 private:
  RowId rootOf(RowId id) const;

  // A target's rows as emitted (copies sharing the deltas' strings, in
  // chunks) and which are live. Most targets (extractors, row-wise nodes)
  // emit their own rows with ids increasing across deltas: those are found
  // by binary search over the chunks, with a set of retracted ids, so the
  // common case costs no hash entry per row ("ordered" mode). Injected rows,
  // and every row once the ids stop increasing, are indexed by id instead.
  struct TargetRows {
    struct Chunk {
      Batch rows;
      // The rows' order keys back to back, and where each ends (both empty
      // when the target carries none): 4 bytes a row over the key itself,
      // where a std::string costs 32.
      std::string keyBytes;
      std::vector<uint32_t> keyEnds;
      OrderKey key(uint32_t row) const {
        if (row >= keyEnds.size()) return {};
        uint32_t begin = row == 0 ? 0 : keyEnds[row - 1];
        return keyBytes.substr(begin, keyEnds[row] - begin);
      }
    };
    struct Loc {
      uint32_t chunk = 0, row = 0;
      int count = 0;
    };
    std::vector<Chunk> chunks;
    bool ordered = true;
    bool suffixed = true;       // keys end with the target tap's 4-byte suffix
    bool shareStrings = false;  // a gate's target: chunks share the deltas' strings
    // Rows per chunk: a gate's target drops its rows every epoch_rows rows,
    // so its chunks are small (touching fewer fresh pages).
    size_t chunkRows = size_t{1} << 16;
    std::vector<uint64_t> chunkFirst;             // ordered: first id of each ordered chunk
    std::vector<uint32_t> orderedChunks;          // ordered: their indices in `chunks`
    std::vector<uint8_t> chunkOrdered;            // per chunk: indexed by binary search
    uint64_t lastId = 0;                          // ordered: the largest id so far
    std::unordered_map<uint64_t, int> retracted;  // ordered: ids of ordered chunks no longer live
    std::unordered_map<uint64_t, Loc> live;       // injected rows; every row once not ordered
    std::vector<Batch> spare;  // emptied chunks a pruned target fills again (no fresh pages)

    // The row `id` if live.
    const Loc* find(uint64_t id, Loc& scratch) const;
    void add(const Delta& emitted, bool withKeys);
    void toHashed();
    // No rows, the same settings.
    TargetRows emptyLike() const;
    // Adds rows `ids` of `from` (deep copies, one chunk, indexed by id),
    // except those in chunks marked in `skipChunk`.
    void keepRows(const TargetRows& from, const std::vector<uint64_t>& ids,
                  const std::vector<uint8_t>* skipChunk = nullptr);
    // Takes `old`'s spare chunks and empties some of its chunks into them,
    // except those marked in `moved` (already taken over).
    void reuseChunks(TargetRows& old, const std::vector<uint8_t>* moved);
    // The order key the row at `loc` had before the tap's suffix.
    OrderKey baseKey(const Loc& loc) const;
  };
  HeldRow held(const TargetRows& t, const TargetRows::Loc& loc) const;
  // mu_ guards everything but the targets' rows; rowsMu_ guards rows_ (the
  // taps record into it while a streaming gate traces and corrects). Both:
  // mu_ first.
  mutable std::mutex mu_;
  mutable std::mutex rowsMu_;
  std::map<plan::NodeId, bool> targets_;  // target -> it needs overrides
  std::map<plan::NodeId, bool> rowStores_;
  std::map<plan::NodeId, TargetRows> rows_;
  std::unordered_map<uint64_t, std::vector<RowId>> parents_;
  std::vector<PendingCorrection> pending_;
  std::vector<AppliedCorrection> applied_;
  std::map<plan::NodeId, std::vector<AppliedCorrection>> injections_;
  std::map<plan::NodeId, std::vector<Delta>> injectionBatches_;  // applyStreamedBatch's, per target
  // (handler, root) -> corrections; hashed: a tree lookup per decision was a
  // chain of cache misses per correction.
  struct HandlerRootHash {
    size_t operator()(const std::pair<plan::NodeId, uint64_t>& k) const {
      return std::hash<uint64_t>{}(k.second * 0x9E3779B97F4A7C15ull ^ static_cast<uint64_t>(k.first));
    }
  };
  std::unordered_map<std::pair<plan::NodeId, uint64_t>, int, HandlerRootHash> counts_;
  std::unordered_map<uint64_t, int> allCounts_;  // root -> corrections by any handler
  std::map<plan::NodeId, std::unordered_map<uint64_t, Override>> overrides_;
  std::map<plan::NodeId, uint64_t> maxOverridden_;
  std::unordered_map<uint64_t, uint64_t> roots_;           // injected id -> lineage root
  std::unordered_map<uint64_t, uint64_t> nextDerivation_;  // position -> injected rows so far
  std::map<plan::NodeId, HandlerTotals> totals_;
  std::map<plan::NodeId, HandlerRoundStats> roundStats_;
  CorrectionRecords records_;
  bool streaming_ = false;
  bool keepApplied_ = true;
};

}  // namespace popper::correction

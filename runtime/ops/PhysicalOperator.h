// PhysicalOperator: one running operator of the plan (one per plan node),
// driven by the scheduler (runtime/exec) one call at a time, so its state
// needs no locks. Inputs arrive as Deltas (changes with weights) per port;
// outputs leave through OperatorContext::emit. After the last input of every
// port, finish() runs once (blocking operators emit their state there).
// Sources (extractors) have no inputs: the scheduler calls produce() while
// downstream has room, until it returns false.
//
// In a plan with handlers, the part downstream of a back-edge target runs in
// waves (runtime/engine/Engine.cpp): at every quiescent point the engine calls
// flush() on each of its operators in topological order ("every input has
// caught up with the current wave; more input may still come"), and finish()
// only once the last wave is over ("no more input ever").
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "common/Status.h"
#include "runtime/data/Delta.h"
#include "runtime/ops/NodeCounters.h"

namespace popper::ops {

// What an operator may do besides computing: emit changes, reject rows.
class OperatorContext {
 public:
  virtual ~OperatorContext() = default;
  // Sends a delta to every consumer of the node (empty deltas are dropped).
  virtual void emit(Delta&& delta) = 0;
  // Records a row error: `line` is the source line of the row (its RowId's
  // position) in the node's primary input file; `rowset` names the rowset
  // that failed when it is not the node's own name (a fused pipeline step).
  // Returns a failing status when the run's reject budget (max_rejects) is
  // exceeded.
  virtual Status reject(uint64_t line, std::string reason, const std::string& rowset = {}) = 0;
  // A reject that carries the row itself (a JSON object), for rows that do
  // not come from one input line (a group's row has line 0). By default the
  // row is not kept.
  // NOLINTNEXTLINE(performance-unnecessary-value-param): a sink; the engine's context keeps the row
  virtual Status rejectRow(uint64_t line, std::string reason, const std::string& rowset, std::string row) {
    (void)row;
    return reject(line, std::move(reason), rowset);
  }
  virtual NodeCounters& counters() = 0;
};

// Shared by the operators of a run with handlers: the engine sets `complete`
// (only while no operator runs) once every source is exhausted, so from then
// on no row arrives except corrections. Blocking operators (GROUP BY, REDUCE,
// COMBINE) wait for it before their first emission at a flush, so a handler
// downstream of an aggregate only ever sees complete groups.
struct InputProgress {
  std::atomic<bool> complete{false};
};

class PhysicalOperator {
 public:
  virtual ~PhysicalOperator() = default;

  virtual bool isSource() const { return false; }
  // Sources: emits the next batch; false once exhausted.
  virtual Result<bool> produce(OperatorContext& ctx);
  // One delta arriving on input `port`.
  virtual Status consume(int port, Delta&& in, OperatorContext& ctx) = 0;
  // Input `port` has ended (called before finish() for the last one).
  virtual Status inputEnded(int port, OperatorContext& ctx);
  // Every input has caught up with the current wave; more may still come
  // (corrections, the next epoch). Default: nothing to do.
  virtual Status flush(OperatorContext& ctx);
  // Every input has ended.
  virtual Status finish(OperatorContext& ctx);
  // Outputs: drop what was written (a failed run; the run's FileTransaction
  // also does, and commits the files of a successful one).
  virtual void abort();
};

}  // namespace popper::ops

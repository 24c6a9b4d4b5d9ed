// PhysicalOperator: one running operator of the plan (one per plan node),
// driven by the scheduler (runtime/exec) one call at a time, so its state
// needs no locks. Inputs arrive as Deltas (changes with weights) per port;
// outputs leave through OperatorContext::emit. After the last input of every
// port, finish() runs once (blocking operators emit their state there).
// Sources (extractors) have no inputs: the scheduler calls produce() while
// downstream has room, until it returns false.
#pragma once

#include <cstdint>
#include <string>

#include "compiler/diag/Status.h"
#include "runtime/ops/Delta.h"
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
  virtual NodeCounters& counters() = 0;
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
  // Every input has ended.
  virtual Status finish(OperatorContext& ctx);
  // Outputs: make the written file visible (after a successful run) or drop it.
  virtual Status commit();
  virtual void abort();
};

}  // namespace popper::ops

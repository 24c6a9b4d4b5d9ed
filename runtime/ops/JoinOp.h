// JoinOp: the equi-JOIN node. Output rows are left columns ++ right columns,
// ordered by (left order key, right order key), with ids derived from both
// parents. Two modes:
//  - symmetric (some retraction can reach the join): an incremental
//    symmetric hash join over JoinState, both sides stored;
//  - build/probe (insert-only inputs, the plan's aux graph says so): the right
//    side is built first; left deltas that arrive before the right input has
//    ended wait in arrival order, then every left row only probes and is never
//    stored. Rows then leave in canonical order (left order, then the
//    matches' order), so the output can stream, and only the right side is
//    held in memory.
//    In the waves of a plan with handlers this mode also serves a join whose
//    right side is insert-only and outside the waves while the left side
//    takes corrections: a left retraction probes the complete, unchanged
//    right side, so it retracts exactly the pairs its insertion emitted.
// A join on a gate's spine (compiler/plan/HandlerGates.h) gives each row one
// lineage parent, its left row's anchor (the left row's own parent if it has
// one, else its id), and never splits the rows of one anchor across deltas,
// so the gate holds and releases an anchor's rows together.
#pragma once

#include <memory>

#include "compiler/plan/Dataflow.h"
#include "runtime/ops/ExprColumns.h"
#include "runtime/ops/JoinState.h"
#include "runtime/ops/PhysicalOperator.h"

namespace popper::ops {

class JoinOp : public PhysicalOperator {
 public:
  struct Settings {
    size_t batchRows = kBatchRows;
    bool buildProbe = false;  // build/probe mode (see above)
    bool anchor = false;      // on a gate's spine (see above)
  };
  JoinOp(const plan::PlanNode& node, const plan::Dataflow& flow, const Settings& settings,
         const EvaluatorFactory& evaluators = interpreterFactory());
  Status consume(int port, Delta&& in, OperatorContext& ctx) override;
  Status inputEnded(int port, OperatorContext& ctx) override;
  Status finish(OperatorContext& ctx) override;

 private:
  Status probeLeft(Delta&& in, OperatorContext& ctx);
  Status buildRight(Delta&& in, OperatorContext& ctx);
  void addPair(uint32_t left, uint32_t right, Weight w, const OrderKey* leftKey, const OrderKey* rightKey);
  void emitPending(OperatorContext& ctx, const Batch& left, const Batch& right);

  uint64_t nodeId_;
  SchemaPtr schema_;
  bool lineage_;
  size_t batchRows_;
  size_t leftWidth_;
  ExprColumns keys_[2];
  JoinState state_;
  bool buildProbe_;
  bool anchor_;
  bool rightEnded_ = false;
  std::vector<Delta> waiting_;  // build/probe: left deltas that came before the right side ended
  // Pending output rows: row indices into the left and right source batches.
  std::vector<uint32_t> leftRows_, rightRows_;
  std::vector<Weight> weights_;
  std::vector<OrderKey> outKeys_;
  std::vector<JoinState::Match> matches_;
  std::vector<uint64_t> hashes_;
  RowErrors errors_;
};

}  // namespace popper::ops

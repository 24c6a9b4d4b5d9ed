// JoinOp: the equi-JOIN node, an incremental symmetric hash join over
// JoinState. Output rows are left columns ++ right columns, ordered by
// (left order key, right order key), with ids derived from both parents.
#pragma once

#include <memory>

#include "compiler/plan/Dataflow.h"
#include "runtime/ops/ExprColumns.h"
#include "runtime/ops/JoinState.h"
#include "runtime/ops/PhysicalOperator.h"

namespace popper::ops {

class JoinOp : public PhysicalOperator {
 public:
  JoinOp(const plan::PlanNode& node, const plan::Dataflow& flow, size_t batchRows);
  Status consume(int port, Delta&& in, OperatorContext& ctx) override;

 private:
  void flush(OperatorContext& ctx, const Batch& left, const Batch& right);

  uint64_t nodeId_;
  SchemaPtr schema_;
  bool lineage_;
  size_t batchRows_;
  size_t leftWidth_;
  ExprColumns keys_[2];
  JoinState state_;
  // Pending output rows: row indices into the left and right source batches.
  std::vector<uint32_t> leftRows_, rightRows_;
  std::vector<Weight> weights_;
  std::vector<OrderKey> outKeys_;
  std::vector<JoinState::Match> matches_;
  std::vector<uint64_t> hashes_;
  RowErrors errors_;
};

}  // namespace popper::ops

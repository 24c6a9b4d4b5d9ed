// AggregateOp: GROUP BY over GroupTable. Behind a blocking edge it folds its
// whole input into the table and emits each live group once at the end, in
// key order. Pipelined (inside a handler's cycle) it emits, after each input
// delta, a retraction of every changed group's previous row and an insertion
// of its new row. HAVING and the SELECT list are separate nodes above it.
#pragma once

#include <unordered_map>

#include "compiler/plan/Dataflow.h"
#include "runtime/ops/ExprColumns.h"
#include "runtime/ops/GroupTable.h"
#include "runtime/ops/PhysicalOperator.h"

namespace popper::ops {

class AggregateOp : public PhysicalOperator {
 public:
  AggregateOp(const plan::PlanNode& node, bool blocking, size_t batchRows);
  Status consume(int port, Delta&& in, OperatorContext& ctx) override;
  Status finish(OperatorContext& ctx) override;

 private:
  void appendGroup(Delta& out, uint32_t g, Weight w);

  uint64_t nodeId_;
  SchemaPtr schema_;
  bool blocking_;
  size_t batchRows_;
  ExprColumns keys_;
  ExprColumns args_;
  GroupTable table_;
  std::vector<int> keyCols_;
  std::vector<uint64_t> hashes_;
  RowErrors errors_;
  // Pipelined: the row each group has live downstream.
  std::unordered_map<uint32_t, Delta> lastRows_;
};

}  // namespace popper::ops

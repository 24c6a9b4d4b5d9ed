// AggregateOp: GROUP BY over GroupTable. Behind a blocking edge it folds its
// whole input into the table and emits each live group once at the end, in
// key order. Pipelined it emits, after each input delta, a retraction of
// every changed group's previous row and an insertion of its new row. In the
// waves of a plan with handlers (`progress` set) it is deferred: it folds its
// input and emits nothing before the whole input has been read (a handler
// downstream then only sees complete groups); from that flush on it emits,
// per flush, only the groups that changed (previous row retracted, new row
// inserted). With lineage kept, a group's row lists its live contributing
// rows as parents, so a handler can trace a group to all of them. HAVING and
// the SELECT list are separate nodes above it.
#pragma once

#include <unordered_map>

#include "compiler/plan/Dataflow.h"
#include "runtime/ops/ExprColumns.h"
#include "runtime/ops/GroupTable.h"
#include "runtime/ops/PhysicalOperator.h"

namespace popper::ops {

class AggregateOp : public PhysicalOperator {
 public:
  // `insertOnly`: the plan proves no retraction reaches it (see GroupTable).
  AggregateOp(const plan::PlanNode& node, bool blocking, size_t batchRows,
              const InputProgress* progress = nullptr, bool insertOnly = false,
              const EvaluatorFactory& evaluators = interpreterFactory());
  Status consume(int port, Delta&& in, OperatorContext& ctx) override;
  Status flush(OperatorContext& ctx) override;
  Status finish(OperatorContext& ctx) override;

 private:
  void appendGroup(Delta& out, uint32_t g, Weight w);
  // Deferred: emits every live group (first time) or the changed ones.
  void emitChanges(OperatorContext& ctx);
  void touch(uint32_t g);
  // Emits the retraction of g's previous row and the insertion of its new one.
  void replaceGroup(Delta& out, uint32_t g);

  uint64_t nodeId_;
  SchemaPtr schema_;
  bool blocking_;
  size_t batchRows_;
  const InputProgress* progress_;
  bool lineage_;
  bool emitted_ = false;
  std::vector<uint32_t> touched_;
  std::vector<uint8_t> isTouched_;
  std::vector<std::unordered_map<uint64_t, int>> members_;  // lineage: per group, live contributing rows
  ExprColumns keys_;
  ExprColumns args_;
  GroupTable table_;
  bool insertOnly_;
  std::vector<int> keyCols_;
  std::vector<uint64_t> hashes_;
  RowErrors errors_;
  // Pipelined: the row each group has live downstream.
  std::unordered_map<uint32_t, Delta> lastRows_;
};

}  // namespace popper::ops

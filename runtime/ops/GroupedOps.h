// REDUCE and COMBINE: non-incremental operators. Their input rows are kept
// per group (GroupedRows.h); a group whose rows change is recomputed by the
// user operator: its previous output rows are retracted and the new ones
// inserted. Behind a blocking edge every group is computed once at the end,
// in key order. Output row k of a group has order key (group key, k). In the
// waves of a plan with handlers (`progress` set) they are deferred like
// AggregateOp: nothing before the whole input is read, then per flush only the
// changed groups.
#pragma once

#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "compiler/plan/Dataflow.h"
#include "runtime/catalog/OperatorCatalog.h"
#include "runtime/ops/ExprColumns.h"
#include "runtime/ops/GroupedRows.h"
#include "runtime/ops/PhysicalOperator.h"

namespace popper::ops {

class RecomputingOp : public PhysicalOperator {
 public:
  Status flush(OperatorContext& ctx) override;
  Status finish(OperatorContext& ctx) override;

 protected:
  RecomputingOp(const plan::PlanNode& node, const SchemaPtr& keySchema, SchemaPtr produce, bool blocking,
                const InputProgress* progress);
  // Runs the user operator on group g's live rows, appending to `produced`.
  virtual Status computeGroup(uint32_t g, Batch& produced) = 0;
  // The ids of group g's live input rows (the parents of its output rows).
  virtual void groupMembers(uint32_t g, std::vector<RowId>& out) const = 0;
  // Adds the rows of `in` (input `port`) to their groups through `store`.
  Status addRows(Delta&& in, ExprColumns& keys, MemberStore& store, OperatorContext& ctx);
  // Pipelined: recomputes the groups changed by the last delta.
  Status recomputeTouched(OperatorContext& ctx);

  GroupIndex groups_;

 private:
  Status recompute(uint32_t g, OperatorContext& ctx);
  // Deferred: every group (first time) or the changed ones, in key order.
  Status emitChanges(OperatorContext& ctx);

  uint64_t nodeId_;
  SchemaPtr schema_, produce_;
  bool blocking_;
  const InputProgress* progress_;
  bool lineage_;  // in the waves with lineage kept: output rows list the group's rows as parents
  bool emitted_ = false;
  std::string name_;
  std::vector<uint32_t> touched_;
  std::unordered_set<uint32_t> touchedSet_;
  std::unordered_map<uint32_t, Delta> previous_;  // pipelined: each group's live output
  std::vector<uint64_t> hashes_;
};

class ReduceOp : public RecomputingOp {
 public:
  static Result<std::unique_ptr<ReduceOp>> create(const plan::PlanNode& node, const plan::Dataflow& flow,
                                                  const catalog::OperatorCatalog& catalog, bool blocking,
                                                  const InputProgress* progress = nullptr,
                                                  const EvaluatorFactory& evaluators = interpreterFactory());
  Status consume(int port, Delta&& in, OperatorContext& ctx) override;

 protected:
  Status computeGroup(uint32_t g, Batch& produced) override;
  void groupMembers(uint32_t g, std::vector<RowId>& out) const override;

 private:
  ReduceOp(const plan::PlanNode& node, const plan::Dataflow& flow, const std::vector<BoundExpr>& keys,
           bool blocking, const InputProgress* progress, const EvaluatorFactory& evaluators);
  ExprColumns keys_;
  MemberStore rows_;
  std::unique_ptr<catalog::Reducer> reducer_;
};

class CombineOp : public RecomputingOp {
 public:
  static Result<std::unique_ptr<CombineOp>> create(const plan::PlanNode& node, const plan::Dataflow& flow,
                                                   const catalog::OperatorCatalog& catalog, bool blocking,
                                                   const InputProgress* progress = nullptr,
                                                   const EvaluatorFactory& evaluators = interpreterFactory());
  Status consume(int port, Delta&& in, OperatorContext& ctx) override;

 protected:
  Status computeGroup(uint32_t g, Batch& produced) override;
  void groupMembers(uint32_t g, std::vector<RowId>& out) const override;

 private:
  CombineOp(const plan::PlanNode& node, const plan::Dataflow& flow, bool blocking,
            const InputProgress* progress, const EvaluatorFactory& evaluators);
  ExprColumns keys_[2];
  MemberStore rows_[2];
  std::unique_ptr<catalog::Combiner> combiner_;
};

}  // namespace popper::ops

// ProcessOp: a PROCESS node running a Processor. Output rows are the input's
// passthrough columns ++ the produced columns; the k-th row derived from an
// input row gets id derive(parent, node, k), order key parent ++ k and the
// parent's weight. A retracted input row is processed again and its outputs
// retracted (processors are deterministic functions of their row). A
// processor that throws is re-run row by row and the rows it throws on are
// rejected with its message.
#pragma once

#include <memory>

#include "compiler/plan/Dataflow.h"
#include "runtime/ops/OperatorApi.h"
#include "runtime/ops/PhysicalOperator.h"

namespace popper::ops {

class ProcessOp : public PhysicalOperator {
 public:
  static Result<std::unique_ptr<ProcessOp>> create(const plan::PlanNode& node, const plan::Dataflow& flow,
                                                   const OperatorLibrary& library, bool withKeys);
  Status consume(int port, Delta&& in, OperatorContext& ctx) override;

 private:
  ProcessOp() = default;
  void processRowByRow(const Batch& in, Batch& produced, std::vector<uint32_t>& parents, RowErrors& errors);

  std::unique_ptr<Processor> processor_;
  uint64_t nodeId_ = 0;
  SchemaPtr schema_, produce_;
  std::vector<int> passthrough_;
  bool lineage_ = false;
  bool withKeys_ = false;
  std::string name_;
};

}  // namespace popper::ops

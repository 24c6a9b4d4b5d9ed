// The stateless operators: Filter, Project and Pipeline (all run RowSteps),
// Union (tags each row's order key with its input port, so a union lists its
// first input's rows, then its second's ...) and Empty.
#pragma once

#include <memory>

#include "compiler/plan/Dataflow.h"
#include "runtime/ops/PhysicalOperator.h"
#include "runtime/ops/RowSteps.h"

namespace popper::ops {

class RowStepsOp : public PhysicalOperator {
 public:
  // A Filter, Project or Pipeline node.
  RowStepsOp(const plan::PlanNode& node, const plan::Dataflow& flow,
             const EvaluatorFactory& evaluators = interpreterFactory());
  Status consume(int port, Delta&& in, OperatorContext& ctx) override;

 private:
  RowSteps steps_;
};

class UnionOp : public PhysicalOperator {
 public:
  explicit UnionOp(bool withKeys) : withKeys_(withKeys) {}
  Status consume(int port, Delta&& in, OperatorContext& ctx) override;

 private:
  bool withKeys_;
};

// Empty produces nothing; it has no inputs and finishes at once.
class EmptyOp : public PhysicalOperator {
 public:
  bool isSource() const override { return true; }
  Result<bool> produce(OperatorContext&) override { return false; }
  Status consume(int, Delta&&, OperatorContext&) override {
    return Status::internal("an empty relation has no inputs");
  }
};

}  // namespace popper::ops

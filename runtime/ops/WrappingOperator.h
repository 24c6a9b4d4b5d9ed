// WrappingOperator: a PhysicalOperator around another one. It forwards every
// call to the inner operator and passes each delta the inner operator emits
// through onEmit() before it leaves the node, so a wrapper can watch or
// rewrite a node's output (lineage recording and correction overrides in
// runtime/ops/CorrectionTap, the `--verify` recorder in runtime/verify/VerifyLog)
// without knowing what the inner operator is.
#pragma once

#include <memory>

#include "runtime/ops/PhysicalOperator.h"

namespace popper::ops {

class WrappingOperator : public PhysicalOperator {
 public:
  explicit WrappingOperator(std::unique_ptr<PhysicalOperator> inner) : inner_(std::move(inner)) {}

  bool isSource() const override { return inner_->isSource(); }
  Result<bool> produce(OperatorContext& ctx) override;
  Status consume(int port, Delta&& in, OperatorContext& ctx) override;
  Status inputEnded(int port, OperatorContext& ctx) override;
  Status flush(OperatorContext& ctx) override;
  Status finish(OperatorContext& ctx) override;
  void abort() override { inner_->abort(); }

 protected:
  // One delta the inner operator emitted; `outer` is the node's own context.
  virtual void onEmit(Delta&& delta, OperatorContext& outer) = 0;

 private:
  class Context;
  std::unique_ptr<PhysicalOperator> inner_;
};

}  // namespace popper::ops

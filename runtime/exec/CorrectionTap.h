// CorrectionTap: wraps the operator of a node in a plan with handlers and
// sits on its output. It
//  - records the lineage of rows whose id differs from their parents' (so a
//    handler can trace a row back to the targets it derives from);
//  - on a handler's target: stores every emitted row for tracing, and applies
//    the CorrectionLog's overrides (drops edited/deleted rows, emits injected
//    copies right after the row they replace, with its weight).
// On a target, every row's order key gets a 4-byte suffix (0 for t's own
// rows, the injection's derivation for injected ones), so an injected row
// sorts right after the row it came from and keys stay prefix-free.
#pragma once

#include <memory>

#include "runtime/exec/CorrectionLog.h"
#include "runtime/ops/PhysicalOperator.h"

namespace popper::exec {

class CorrectionTap : public ops::PhysicalOperator {
 public:
  CorrectionTap(std::unique_ptr<ops::PhysicalOperator> inner, plan::NodeId node, bool isTarget, CorrectionLog& log);

  bool isSource() const override { return inner_->isSource(); }
  Result<bool> produce(ops::OperatorContext& ctx) override;
  Status consume(int port, ops::Delta&& in, ops::OperatorContext& ctx) override;
  Status inputEnded(int port, ops::OperatorContext& ctx) override;
  Status finish(ops::OperatorContext& ctx) override;
  Status commit() override { return inner_->commit(); }
  void abort() override { inner_->abort(); }

 private:
  class Context;
  ops::Delta rewrite(ops::Delta&& in);

  std::unique_ptr<ops::PhysicalOperator> inner_;
  plan::NodeId node_;
  bool isTarget_;
  CorrectionLog& log_;
};

}  // namespace popper::exec

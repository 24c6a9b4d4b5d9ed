// CorrectionTap: wraps the operator of a node in a plan with handlers and
// sits on its output. It
//  - records the lineage of rows whose id differs from their parents' (so a
//    handler can trace a row back to the targets it derives from);
//  - on a handler's target: records every emitted row in the CorrectionLog
//    (which tracks the live ones, for tracing and for retracting them later);
//    at each flush it emits the corrections applied to the node since the
//    last wave: a retraction of the traced row (its stored content and order
//    key) for EDIT and DELETE, an insertion of the replacement for EDIT and
//    APPEND. A row the operator emits later (or retracts: an upstream
//    retraction) goes through the overrides, so an edited row's retraction
//    retracts its replacements instead, recursively (a correction of an
//    injected row is an override of that row).
// On a target, every row's order key gets a 4-byte suffix (0 for t's own
// rows, the injection's derivation for injected ones), so an injected row
// sorts right after the row it came from and keys stay prefix-free.
#pragma once

#include <memory>

#include "runtime/correction/CorrectionLog.h"
#include "runtime/ops/WrappingOperator.h"

namespace popper::ops {

class CorrectionTap : public ops::WrappingOperator {
 public:
  // `storeRows` (not a target): records the rows for an EDIT USING of the
  // node downstream, keys unchanged.
  CorrectionTap(std::unique_ptr<ops::PhysicalOperator> inner, plan::NodeId node, bool isTarget, bool withKeys,
                correction::CorrectionLog& log, bool storeRows = false);

  Status flush(ops::OperatorContext& ctx) override;
  // Streaming corrections (CorrectionLog::setStreaming): a target appends
  // the corrections applied since its last step to the next delta it emits
  // (a delta of their own only if it emits none), so they cost no extra
  // message through the chain to the gate.
  Result<bool> produce(ops::OperatorContext& ctx) override;
  Status consume(int port, Delta&& in, ops::OperatorContext& ctx) override;

 protected:
  void onEmit(Delta&& delta, ops::OperatorContext& outer) override;

 private:
  Delta rewrite(Delta&& in);
  // Emits the corrections applied to this node since the last wave.
  void inject(ops::OperatorContext& ctx);
  // Appends the streamed correction batches queued for this node (their
  // rows, and their base keys if `withKeys`) to `delta`.
  void appendBatches(Delta& delta, bool withKeys);
  // Streaming: runs one step of the operator with the pending corrections
  // riding along on the first delta it emits (onEmit), else on their own.
  template <typename Step>
  auto injectingAlong(ops::OperatorContext& ctx, Step step);

  plan::NodeId node_;
  bool isTarget_;
  bool withKeys_;
  correction::CorrectionLog& log_;
  bool storeRows_;
  bool injectNext_ = false;  // streaming: the next delta the operator emits carries the pending corrections
};

}  // namespace popper::ops

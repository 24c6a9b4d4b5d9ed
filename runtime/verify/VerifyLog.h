// VerifyLog: `popper run --verify` (docs/error-handling.md, "Consistency"). While a
// run executes, it records the net live output of every node; after the run
// it recomputes every node non-incrementally, from the recorded final live
// rows of its inputs, with a fresh operator fed once in canonical order
// (runtime/verify/Recompute.h), and compares:
//  - a plain node: its live rows equal the recomputation, row for row (order
//    key, RowId, values, copies);
//  - a back-edge target: the recomputation, minus the rows the applied
//    corrections retracted (EDIT, DELETE of a traced row), plus the rows they
//    injected (EDIT, APPEND), where an injected row is live as long as the row
//    it replaced or was appended beside is (it hangs off that row, so
//    retracting the row upstream retracts it too); compared by RowId and
//    values, since the engine may give a target's rows its own order keys;
//  - a HANDLE: every live row it forwarded is a live input row, and every
//    live input row it held back is one where DETECT is true (rows with DETECT
//    false are all there; rows it passed by EVENTUALLY PASS are too);
//  - an OUTPUT: it wrote exactly its input's live rows. A fresh output fed
//    the change stream the run's output received reproduces what the run
//    wrote; one fed only the final live rows, once, in canonical order, is
//    the expectation; the two files must be equal, and the run's row count
//    must be the replay's (runtime/verify/OutputReplay.h). A Changelog writes
//    every change, so only its count is checked.
// Any difference fails the run with a precise report (node, row values,
// expected vs live; at most kMaxReportedDifferences lines plus a count), so
// no output is committed.
//
// Wiring (runtime/engine/Engine.cpp): when options.verify, wrap every node's
// operator with wrap() outermost (outside any correction tap); OUTPUT nodes
// are returned unwrapped, so the engine may keep casting them to OutputOp.
// After a successful run and before commit, call check() with the applied
// corrections (verifyCorrections(log.applied())) and the outputs' row counts.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/Status.h"
#include "compiler/plan/PhysicalDecisions.h"
#include "compiler/plan/PhysicalPlan.h"
#include "runtime/catalog/OperatorCatalog.h"
#include "runtime/data/Batch.h"
#include "runtime/exec/RunOptions.h"
#include "runtime/ops/PhysicalOperator.h"

namespace popper::verify {

// One correction the engine applied, as the verifier needs it.
struct VerifiedCorrection {
  plan::NodeId target = plan::kNoNode;
  ast::ActionKind kind = ast::ActionKind::EditSet;
  RowId traced;  // the row of the target it replaced, deleted or appended beside
  std::shared_ptr<Batch>
      replacement;  // EDIT / APPEND: one row of the target's schema, rowIds[0] = injected id
};

// Converts the engine's list of applied corrections (anything with the
// fields target, kind, traced and replacement, in application order).
template <typename Applied>
std::vector<VerifiedCorrection> verifyCorrections(const std::vector<Applied>& applied) {
  std::vector<VerifiedCorrection> out;
  out.reserve(applied.size());
  for (const Applied& a : applied) out.push_back({a.target, a.kind, a.traced, a.replacement});
  return out;
}

struct VerifyContext {
  const plan::PhysicalDecisions& analysis;
  const exec::RunOptions& options;
  const catalog::OperatorCatalog& catalog;
  std::vector<VerifiedCorrection> corrections;  // empty when the plan has no handlers
  // Rows an OUTPUT wrote (OutputOp::rowsWritten); unset: not checked.
  std::function<uint64_t(plan::NodeId)> rowsWritten;
};

class VerifyLog {
 public:
  static constexpr size_t kMaxReportedDifferences = 20;

  explicit VerifyLog(const plan::PhysicalPlan& plan);
  ~VerifyLog();

  // Wraps the running operator of `node` (outermost: outside any correction
  // tap) so that everything it emits is recorded. OUTPUT operators are
  // returned as they are.
  std::unique_ptr<ops::PhysicalOperator> wrap(plan::NodeId node, std::unique_ptr<ops::PhysicalOperator> op);

  // After a successful run, before outputs are committed. Ok, or a failing
  // status whose message is the report of every difference found.
  Status check(const VerifyContext& ctx);

  // Nodes compared by the last check() (for the summary line).
  size_t nodesChecked() const { return nodesChecked_; }

 private:
  struct State;
  std::unique_ptr<State> state_;
  size_t nodesChecked_ = 0;
};

}  // namespace popper::verify

// NodeChecks: the comparisons behind `popper run --verify` (the rules are in
// runtime/verify/VerifyLog.h): live rows against a recomputation, a back-edge
// target's expectation from its applied corrections, what a HANDLE may hold
// back, and what an OUTPUT must have written. Each difference found goes to a
// Differences report, located by node and row.
#pragma once

#include <string>
#include <vector>

#include "compiler/plan/PhysicalPlan.h"
#include "runtime/verify/LiveRows.h"
#include "runtime/verify/VerifyLog.h"

namespace popper::verify {

// The differences found, as report lines (the first maxLines) and a count.
class Differences {
 public:
  Differences(const plan::Dataflow& flow, size_t maxLines);
  void add(plan::NodeId node, const std::string& what);
  size_t count() const { return count_; }
  std::string report(size_t nodesChecked) const;

 private:
  std::string nodeName(plan::NodeId id) const;

  const plan::Dataflow& flow_;
  size_t maxLines_;
  std::vector<std::string> lines_;
  size_t count_ = 0;
};

// Every row whose copies differ. A row's identity is (order key, RowId,
// values) with `byKey`, else (RowId, values).
void compareLive(const LiveRows& expected, const LiveRows& live, bool byKey, plan::NodeId node,
                 Differences& diffs);

// A target's expected rows: `recomputed` with the corrections applied to
// `target` (retracted rows out, injected rows in, each injected row hanging
// off the row it traced to).
LiveRows withCorrections(const LiveRows& recomputed, plan::NodeId target,
                         const std::vector<verify::VerifiedCorrection>& all);

// A HANDLE forwarded only live input rows, and held back only detected ones.
void checkHandle(const plan::PlanNode& node, const LiveRows& input, const LiveRows& output,
                 Differences& diffs);

// An OUTPUT wrote exactly its input's live rows (OutputReplay.h).
void checkOutput(const plan::PhysicalPlan& plan, const verify::VerifyContext& ctx, const plan::PlanNode& node,
                 const ChangeRecord& changes, const LiveRows& live, Differences& diffs);

}  // namespace popper::verify

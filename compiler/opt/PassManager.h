// The optimizer's runner (after DuckDB's optimizer.cpp): named passes run in
// a fixed order; a disabled pass is skipped by name; each run is timed, the
// plan is verified after it, and what it changed is recorded as
// human-readable lines for `popper plan`.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "common/Status.h"
#include "compiler/plan/Dataflow.h"

namespace popper::opt {

// What a pass reports: one line per change ("removed Filter #3 (WHERE true)").
using ChangeLog = std::vector<std::string>;

struct Pass {
  std::string name;         // as used by --disable-opt
  std::string description;  // one line, for --help and the plan printout
  std::function<void(plan::Dataflow&, ChangeLog&)> run;
};

struct PassRecord {
  std::string name;
  bool enabled = true;  // false: skipped (-O0 or --disable-opt)
  double millis = 0;
  ChangeLog changes;  // empty: ran and changed nothing
};

struct OptimizerOptions {
  bool optimize = true;            // false: -O0, every pass off
  std::set<std::string> disabled;  // --disable-opt NAME
};

// The passes in the order they run: fold, dead, pushdown, prune, meld, gc.
const std::vector<Pass>& standardPasses();
// Their names, in order (for usage errors).
std::vector<std::string> passNames();

// Runs every enabled pass in order; after each, verifies the plan. A failed
// verification is a compiler bug: returned as an Internal status naming the pass.
Result<std::vector<PassRecord>> runPasses(plan::Dataflow& flow, const std::vector<Pass>& passes,
                                          const OptimizerOptions& options);

}  // namespace popper::opt

// Runs the named passes in order, timing and verifying each (see PassManager.h).
#include "compiler/opt/PassManager.h"

#include <chrono>
#include <stdexcept>

#include "compiler/opt/Passes.h"
#include "compiler/plan/Verifier.h"

namespace popper::opt {

const std::vector<Pass>& standardPasses() {
  static const std::vector<Pass> passes = {
      {"fold", "fold constant expressions; WHERE true/false removes a filter or a branch", foldPass},
      {"dead", "remove nodes that reach no output or handler", deadPass},
      {"pushdown", "move filters below row-wise operators, unions and join sides", pushdownPass},
      {"prune", "drop columns nobody reads, down to the extractors", prunePass},
      {"meld", "fuse chains of filters and projections into one pipeline step", meldPass},
      {"gc", "keep lineage only where a handler traces through it", gcPass},
  };
  return passes;
}

std::vector<std::string> passNames() {
  std::vector<std::string> names;
  for (const Pass& p : standardPasses()) names.push_back(p.name);
  return names;
}

Result<std::vector<PassRecord>> runPasses(plan::Dataflow& flow, const std::vector<Pass>& passes,
                                          const OptimizerOptions& options) {
  std::vector<PassRecord> records;
  for (const Pass& pass : passes) {
    PassRecord record;
    record.name = pass.name;
    record.enabled = options.optimize && !options.disabled.count(pass.name);
    if (record.enabled) {
      auto start = std::chrono::steady_clock::now();
      try {
        pass.run(flow, record.changes);
      } catch (const std::logic_error& e) {
        return Status::internal("optimizer pass " + pass.name + " failed: " + e.what());
      }
      record.millis =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      Status verified = plan::verifyDataflow(flow);
      if (!verified) return Status::internal("after optimizer pass " + pass.name + ": " + verified.message());
    }
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace popper::opt

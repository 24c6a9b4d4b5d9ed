// `popper run` and the run store (docs/cli.md, "The run store"): the store is
// opened before the run, so a damaged, newer or unwritable store fails the
// command (exit 3) before anything is written; after the run (ok or failed)
// its report and files are recorded. A recording that fails afterwards is a
// warning: the run's outputs are committed and its exit code stands.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "compiler/plan/PhysicalPlan.h"
#include "runtime/exec/RunOptions.h"
#include "store/Store.h"

namespace popper::cli {

// The store a run records into: nullopt under --no-record; an error when it
// cannot be opened or created.
Result<std::optional<store::Store>> openRunStore(const std::string& storeFlag, bool noRecord);

// Records the run described by `report` (docs/run-report.md); the plan gives
// each output's format, columns and ground truth. Warns on failure.
void recordRun(store::Store& store, const nlohmann::json& report, const plan::PhysicalPlan& plan,
               const exec::RunOptions& options, const std::string& workflowText);

}  // namespace popper::cli

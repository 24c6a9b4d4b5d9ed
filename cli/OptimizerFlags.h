// The optimizer flags shared by `popper plan` and `popper run`: -O0 turns
// every pass off, --disable-opt NAME (repeatable) skips one pass.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "compiler/opt/Planner.h"

namespace popper::cli {

struct OptimizerFlags {
  int optLevel = 1;
  std::vector<std::string> disabled;
};

// Registers -O and --disable-opt on `cmd`, writing into `flags`.
void addOptimizerFlags(CLI::App* cmd, OptimizerFlags& flags);

// The planner options the flags ask for; an unknown pass name is reported and
// yields the usage-error exit code instead.
std::optional<int> toOptimizerOptions(const OptimizerFlags& flags, opt::OptimizerOptions& options);

}  // namespace popper::cli

// -O and --disable-opt for plan and run (see OptimizerFlags.h).
#include "cli/OptimizerFlags.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "cli/Commands.h"

namespace popper::cli {
namespace {

std::string joinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

void addOptimizerFlags(CLI::App* cmd, OptimizerFlags& flags) {
  cmd->add_option("-O", flags.optLevel, "optimization level: -O0 turns every pass off")
      ->check(CLI::Range(0, 1));
  cmd->add_option("--disable-opt", flags.disabled,
                  "skip an optimizer pass (repeatable): " + joinNames(opt::passNames()))
      ->allow_extra_args(false);  // one name per flag, so a FILE after it stays the FILE
}

std::optional<int> toOptimizerOptions(const OptimizerFlags& flags, opt::OptimizerOptions& options) {
  options.optimize = flags.optLevel > 0;
  std::vector<std::string> valid = opt::passNames();
  for (const std::string& name : flags.disabled) {
    if (std::find(valid.begin(), valid.end(), name) == valid.end()) {
      spdlog::error("unknown optimizer pass '{}' in --disable-opt (valid: {})", name, joinNames(valid));
      return kExitUsageError;
    }
    options.disabled.insert(name);
  }
  return std::nullopt;
}

}  // namespace popper::cli

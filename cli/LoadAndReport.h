// The common start of check, plan and run: the driver loads the workflow
// (compiler/driver/LoadWorkflow.h), and this prints its diagnostics and picks
// the exit code.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/driver/LoadWorkflow.h"

namespace popper::cli {

enum class DiagnosticFormat { Text, Json };

// Turns the -p list into values, loads the workflow and prints its
// diagnostics (text on stderr, or JSON on stdout). Returns the exit code to
// stop with (usage or workflow error), or nullopt when `loaded` holds a
// checked program.
std::optional<int> loadAndReport(const std::string& path, const std::vector<std::string>& paramArgs,
                                 const std::string& configPath, DiagnosticFormat format,
                                 driver::LoadedWorkflow& loaded);

}  // namespace popper::cli

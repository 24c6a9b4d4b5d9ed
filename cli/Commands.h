// The subcommands of the popper CLI; each lives in its own file and registers
// itself on the CLI11 app. main.cpp only wires them up.
#pragma once

#include <CLI/CLI.hpp>

namespace popper::cli {

// Exit codes (docs/cli.md).
enum ExitCode : int { kExitOk = 0, kExitWorkflowError = 1, kExitUsageError = 2, kExitRunFailure = 3 };

// Each adds its subcommand; the callback stores the command's exit code in *exitCode.
void addCheckCommand(CLI::App& app, int* exitCode);
void addPlanCommand(CLI::App& app, int* exitCode);
void addRunCommand(CLI::App& app, int* exitCode);
void addRunsCommand(CLI::App& app, int* exitCode);
void addStudioCommand(CLI::App& app, int* exitCode);

}  // namespace popper::cli

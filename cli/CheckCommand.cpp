// `popper check FILE`: parse and type-check a workflow, print all diagnostics.
// (Placeholder body until the front end lands in this same change.)
#include "cli/Commands.h"

namespace popper::cli {

void addCheckCommand(CLI::App& app, int* exitCode) {
  auto* cmd = app.add_subcommand("check", "parse and type-check a workflow");
  static std::string file;
  cmd->add_option("FILE", file, "the .scope workflow")->required();
  cmd->callback([exitCode] { *exitCode = kExitOk; });
}

}  // namespace popper::cli

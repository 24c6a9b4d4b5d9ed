// The popper command line: a thin CLI11 front over the compiler and runtime.
#include <cstdio>

#include <spdlog/spdlog.h>

#include "cli/Commands.h"

int main(int argc, char** argv) {
  CLI::App app{"popper: compile and run ML dataflow workflows with in-flight error handling"};
  app.set_version_flag("--version", std::string("popper ") + POPPER_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // -v/-q also work after the subcommand
  int verbosity = 0;
  bool quiet = false;
  app.add_flag("-v,--verbose", verbosity, "log more (repeat for debug output)");
  app.add_flag("-q,--quiet", quiet, "log errors only");

  int exitCode = popper::cli::kExitOk;
  popper::cli::addCheckCommand(app, &exitCode);
  popper::cli::addPlanCommand(app, &exitCode);
  popper::cli::addRunCommand(app, &exitCode);

  app.parse_complete_callback([&] {
    spdlog::set_pattern("popper: %^%l%$: %v");
    spdlog::set_level(quiet ? spdlog::level::err
                            : verbosity >= 2 ? spdlog::level::debug
                            : verbosity == 1 ? spdlog::level::info
                                             : spdlog::level::warn);
  });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? popper::cli::kExitOk : popper::cli::kExitUsageError;
  }
  return exitCode;
}

// The popper command line: a thin CLI11 front over the compiler and runtime.
#include <malloc.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/Commands.h"
#include "common/NameSuggest.h"

namespace {

// Batches and operator state are allocated and freed in large blocks all run
// long. glibc's defaults hand blocks above 128 KB (adaptively up to 32 MB) to
// mmap and give freed heap tops back to the kernel, so the next batch of the
// same size faults its pages in afresh. Keep freed memory for reuse instead
// (measured on the 1M-row handler benchmark: a third of the page faults).
void keepFreedMemory() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
}

}  // namespace

int main(int argc, char** argv) {
  keepFreedMemory();
  // Errors, warnings and logs go to standard error; standard output carries
  // only what a command produces (a plan, JSON diagnostics, an output "-").
  spdlog::set_default_logger(spdlog::stderr_color_mt("popper"));
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
  popper::cli::addRunsCommand(app, &exitCode);
  popper::cli::addStudioCommand(app, &exitCode);

  app.parse_complete_callback([&] {
    spdlog::set_pattern("popper: %^%l%$: %v");
    spdlog::set_level(quiet            ? spdlog::level::err
                      : verbosity >= 2 ? spdlog::level::debug
                      : verbosity == 1 ? spdlog::level::info
                                       : spdlog::level::warn);
  });
  // A first word that is no subcommand (and no option) is a mistyped command:
  // say which, instead of CLI11's "A subcommand is required".
  if (argc > 1 && argv[1][0] != '-') {
    std::vector<std::string> commands;
    for (const CLI::App* sub : app.get_subcommands({})) commands.push_back(sub->get_name());
    std::string word = argv[1];
    if (std::find(commands.begin(), commands.end(), word) == commands.end()) {
      std::fprintf(stderr,
                   "popper: error: unknown command '%s'%s (commands: check, plan, run, runs, studio)\n",
                   word.c_str(), popper::didYouMean(word, commands).c_str());
      return popper::cli::kExitUsageError;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? popper::cli::kExitOk : popper::cli::kExitUsageError;
  }
  return exitCode;
}

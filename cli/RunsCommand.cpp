// `popper runs ...`: the subcommands over the run store and their options
// (each: --store DIR, --format text|json); the commands are in Runs*.cpp.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <functional>

#include "cli/Commands.h"
#include "cli/Runs.h"

namespace popper::cli {

int storeError(const Status& status) {
  spdlog::error("{}", status.message());
  return status.code() == StatusCode::InvalidArgument ||
                 (status.code() == StatusCode::NotFound && status.message().rfind("no run store", 0) != 0)
             ? kExitUsageError
             : kExitRunFailure;
}

std::optional<std::string> resolveRunId(store::Store& store, const std::string& prefix, int* exitCode) {
  auto id = store.findRun(prefix);
  if (id) return *id;
  *exitCode = storeError(id.status());
  return std::nullopt;
}

void addRunsCommand(CLI::App& app, int* exitCode) {
  auto* runs = app.add_subcommand("runs", "list, show, compare and diff recorded runs (the run store)");
  runs->require_subcommand(1);
  static RunsArgs args;
  auto common = [](CLI::App* cmd) {
    cmd->add_option("--store", args.store, "the run store's folder (default: $POPPER_STORE, else ./.popper)");
    cmd->add_option("--format", args.format, "text (default) or json")
        ->check(CLI::IsMember({"text", "json"}));
  };
  auto wire = [exitCode](CLI::App* cmd, const std::function<int(store::Store&)>& body) {
    cmd->callback([exitCode, body] {
      auto opened = store::Store::open(store::Store::folder(args.store), /*create=*/false);
      if (!opened) {
        *exitCode = storeError(opened.status());
        return;
      }
      try {
        *exitCode = body(*opened);
      } catch (const nlohmann::json::exception& e) {  // a stored report of another shape
        *exitCode = storeError(
            Status::ioError(fmt::format("{}: a stored report cannot be read: {}", opened->path(), e.what())));
      }
    });
  };
  auto* list = runs->add_subcommand("list", "the recorded runs, newest first");
  common(list);
  wire(list, [](store::Store& s) { return runsList(s, args); });
  auto* show = runs->add_subcommand("show", "one run's report");
  show->add_option("ID", args.a, "a run id (a unique prefix is enough)")->required();
  common(show);
  wire(show, [](store::Store& s) { return runsShow(s, args); });
  auto* compare = runs->add_subcommand("compare", "two runs side by side, with deltas");
  compare->add_option("A", args.a, "the first run")->required();
  compare->add_option("B", args.b, "the second run")->required();
  common(compare);
  wire(compare, [](store::Store& s) { return runsCompare(s, args); });
  auto* diff = runs->add_subcommand("diff", "the rows of one output only in A and only in B");
  diff->add_option("A", args.a, "the first run")->required();
  diff->add_option("B", args.b, "the second run")->required();
  diff->add_option("--output", args.output, "the output, as the workflow writes it or its resolved path")
      ->required();
  common(diff);
  wire(diff, [](store::Store& s) { return runsDiff(s, args); });
  for (const char* which : {"rejects", "corrections"}) {
    auto* file = runs->add_subcommand(which, std::string("one run's ") + which + " file");
    file->add_option("ID", args.a, "a run id (a unique prefix is enough)")->required();
    common(file);
    std::string name = which;
    wire(file, [name](store::Store& s) { return runsFile(s, args, name); });
  }
}

}  // namespace popper::cli

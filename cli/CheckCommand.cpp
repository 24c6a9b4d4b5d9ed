// `popper check FILE [-p name=value]... [--format text|json] [--config popper.yaml]`:
// parse and type-check a workflow and print every diagnostic. Exit 0 when there
// are no errors (warnings allowed), 1 on workflow errors, 2 on usage errors.
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>

#include "cli/Commands.h"
#include "cli/LoadAndReport.h"

namespace popper::cli {
namespace {

struct CheckArgs {
  std::string file;
  std::vector<std::string> params;
  std::string format = "text";
  std::string config;
};

int runCheck(const CheckArgs& args) {
  driver::LoadedWorkflow loaded;
  DiagnosticFormat format = args.format == "json" ? DiagnosticFormat::Json : DiagnosticFormat::Text;
  if (auto stop = loadAndReport(args.file, args.params, args.config, format, loaded)) return *stop;
  const DiagnosticEngine& diags = *loaded.diags;
  spdlog::info("{}: ok ({} relations, {} outputs, {} warning{})", args.file, loaded.program->relations.size(),
               loaded.program->outputs.size(), diags.warningCount(), diags.warningCount() == 1 ? "" : "s");
  return kExitOk;
}

}  // namespace

void addCheckCommand(CLI::App& app, int* exitCode) {
  auto* cmd = app.add_subcommand("check", "parse and type-check a workflow");
  static CheckArgs args;
  cmd->add_option("FILE", args.file, "the .scope workflow")->required();
  cmd->add_option("-p,--param", args.params, "set a PARAM: -p name=value (repeatable)");
  cmd->add_option("--format", args.format, "diagnostics as text (stderr) or json (stdout)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--config", args.config, "popper.yaml with params and options (default: ./popper.yaml)");
  cmd->callback([exitCode] { *exitCode = runCheck(args); });
}

}  // namespace popper::cli

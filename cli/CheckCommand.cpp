// `popper check FILE [-p name=value]... [--format text|json] [--config popper.yaml]`:
// parse and type-check a workflow and print every diagnostic. Exit 0 when there
// are no errors (warnings allowed), 1 on workflow errors, 2 on usage errors.
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>

#include "cli/Commands.h"
#include "cli/LoadWorkflow.h"

namespace popper::cli {
namespace {

struct CheckArgs {
  std::string file;
  std::vector<std::string> params;
  std::string format = "text";
  std::string config;
};

int runCheck(const CheckArgs& args) {
  std::map<std::string, std::string> params;
  for (const std::string& text : args.params) {
    auto assignment = splitParamAssignment(text);
    if (!assignment) {
      spdlog::error("-p expects name=value, got '{}'", text);
      return kExitUsageError;
    }
    params[assignment->first] = assignment->second;
  }
  LoadedWorkflow loaded = loadWorkflow(args.file, params, args.config);
  if (!loaded.usageError.empty()) {
    spdlog::error("{}", loaded.usageError);
    return kExitUsageError;
  }
  const DiagnosticEngine& diags = *loaded.diags;
  if (args.format == "json") {
    std::fputs(renderJson(diags).c_str(), stdout);
  } else if (!diags.diagnostics().empty()) {
    std::fputs(renderText(diags, isatty(fileno(stderr)) != 0).c_str(), stderr);
  }
  if (diags.hasErrors()) return kExitWorkflowError;
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

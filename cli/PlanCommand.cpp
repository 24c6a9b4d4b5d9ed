// `popper plan FILE [-p name=value]... [--format text|json|dot] [-O0]
//                   [--disable-opt NAME]... [--config popper.yaml]`:
// load and check the workflow, run the planner (the same one `popper run`
// executes) and print the reactive dataflow, the passes that fired, the
// auxiliary graph and the stages. Exit 0 ok, 1 workflow error, 2 usage error.
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include <spdlog/spdlog.h>

#include "cli/Commands.h"
#include "cli/LoadWorkflow.h"
#include "compiler/opt/Planner.h"
#include "compiler/plan/Explain.h"

namespace popper::cli {
namespace {

struct PlanArgs {
  std::string file;
  std::vector<std::string> params;
  std::string format = "text";
  int optLevel = 1;
  std::vector<std::string> disabled;
  std::string config;
};

std::string joinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

int runPlan(const PlanArgs& args) {
  opt::OptimizerOptions options;
  options.optimize = args.optLevel > 0;
  std::vector<std::string> valid = opt::passNames();
  for (const std::string& name : args.disabled) {
    if (std::find(valid.begin(), valid.end(), name) == valid.end()) {
      spdlog::error("unknown optimizer pass '{}' in --disable-opt (valid: {})", name, joinNames(valid));
      return kExitUsageError;
    }
    options.disabled.insert(name);
  }
  LoadedWorkflow loaded;
  if (auto stop = loadAndReport(args.file, args.params, args.config, DiagnosticFormat::Text, loaded)) return *stop;

  auto planned = opt::planProgram(*loaded.program, options);
  if (!planned) {
    spdlog::error("{}: cannot plan the workflow: {}", args.file, planned.status().message());
    return kExitWorkflowError;
  }
  plan::PlanExplain explain = plan::buildExplain(planned->plan, opt::explainPasses(planned->passes), args.file);
  std::string text = args.format == "json"  ? plan::renderExplainJson(explain)
                     : args.format == "dot" ? plan::renderExplainDot(explain)
                                            : plan::renderExplainText(explain);
  std::fputs(text.c_str(), stdout);
  return kExitOk;
}

}  // namespace

void addPlanCommand(CLI::App& app, int* exitCode) {
  auto* cmd = app.add_subcommand("plan", "print the optimized stage plan of a workflow");
  static PlanArgs args;
  cmd->add_option("FILE", args.file, "the .scope workflow")->required();
  cmd->add_option("-p,--param", args.params, "set a PARAM: -p name=value (repeatable)");
  cmd->add_option("--format", args.format, "text (EXPLAIN-like), json (for tools) or dot (Graphviz)")
      ->check(CLI::IsMember({"text", "json", "dot"}));
  cmd->add_option("-O", args.optLevel, "optimization level: -O0 turns every pass off")->check(CLI::Range(0, 1));
  cmd->add_option("--disable-opt", args.disabled,
                  "skip an optimizer pass (repeatable): " + joinNames(opt::passNames()));
  cmd->add_option("--config", args.config, "popper.yaml with params and options (default: ./popper.yaml)");
  cmd->callback([exitCode] { *exitCode = runPlan(args); });
}

}  // namespace popper::cli

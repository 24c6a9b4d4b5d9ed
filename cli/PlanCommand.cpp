// `popper plan FILE [-p name=value]... [--format text|json|dot] [-O0]
//                   [--disable-opt NAME]... [--config popper.yaml]`:
// load and check the workflow, run the planner (the same one `popper run`
// executes) and print the reactive dataflow, the passes that fired, the
// auxiliary graph and the stages. Exit 0 ok, 1 workflow error, 2 usage error.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>

#include "cli/Commands.h"
#include "cli/LoadAndReport.h"
#include "cli/OptimizerFlags.h"
#include "compiler/opt/Planner.h"
#include "compiler/plan/Explain.h"

namespace popper::cli {
namespace {

struct PlanArgs {
  std::string file;
  std::vector<std::string> params;
  std::string format = "text";
  OptimizerFlags optimizer;
  std::string config;
};

int runPlan(const PlanArgs& args) {
  opt::OptimizerOptions options;
  if (auto stop = toOptimizerOptions(args.optimizer, options)) return *stop;
  driver::LoadedWorkflow loaded;
  if (auto stop = loadAndReport(args.file, args.params, args.config, DiagnosticFormat::Text, loaded))
    return *stop;

  auto planned = opt::planProgram(*loaded.program, options);
  if (!planned) {
    spdlog::error("{}: cannot plan the workflow: {}", args.file, planned.status().message());
    return kExitWorkflowError;
  }
  plan::PlanExplain explain =
      plan::buildExplain(planned->plan, opt::explainPasses(planned->passes), args.file);
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
  addOptimizerFlags(cmd, args.optimizer);
  cmd->add_option("--config", args.config, "popper.yaml with params and options (default: ./popper.yaml)");
  cmd->callback([exitCode] { *exitCode = runPlan(args); });
}

}  // namespace popper::cli

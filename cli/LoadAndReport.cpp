// Loading a workflow and reporting its diagnostics (see LoadAndReport.h).
#include "cli/LoadAndReport.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <map>

#include "cli/Commands.h"

namespace popper::cli {

std::optional<int> loadAndReport(const std::string& path, const std::vector<std::string>& paramArgs,
                                 const std::string& configPath, DiagnosticFormat format,
                                 driver::LoadedWorkflow& loaded) {
  std::map<std::string, std::string> params;
  for (const std::string& text : paramArgs) {
    auto assignment = driver::splitParamAssignment(text);
    if (!assignment) {
      spdlog::error("-p expects name=value, got '{}'", text);
      return kExitUsageError;
    }
    params[assignment->first] = assignment->second;
  }
  loaded = driver::loadWorkflow(path, params, configPath);
  if (!loaded.usageError.empty()) {
    spdlog::error("{}", loaded.usageError);
    return kExitUsageError;
  }
  const DiagnosticEngine& diags = *loaded.diags;
  if (format == DiagnosticFormat::Json)
    std::fputs(renderJson(diags).c_str(), stdout);
  else if (!diags.diagnostics().empty())
    std::fputs(renderText(diags, isatty(fileno(stderr)) != 0).c_str(), stderr);
  if (diags.hasErrors()) return kExitWorkflowError;
  return std::nullopt;
}

}  // namespace popper::cli

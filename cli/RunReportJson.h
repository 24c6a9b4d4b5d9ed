// The run report as JSON (docs/run-report.md, version 1): what `popper run
// --report FILE.json` writes and what the run store records.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "common/Status.h"
#include "compiler/jit/JitSession.h"
#include "runtime/engine/Engine.h"
#include "runtime/exec/RunOptions.h"

namespace popper::cli {

// What the report says beside the engine's RunReport.
struct ReportContext {
  std::string workflowPath;                                 // as given on the command line
  std::string workflowText;                                 // the file's bytes (hashed)
  std::vector<std::pair<std::string, std::string>> params;  // resolved, values as text
  const exec::RunOptions* options = nullptr;
  bool handlers = true;                           // false under --no-handlers
  const jit::JitSession* jit = nullptr;           // null under --no-jit
  std::chrono::system_clock::time_point started;  // wall clock at the start of execution
  int exitCode = 0;
};

nlohmann::json runReportJson(const engine::RunReport& report, const ReportContext& context);

}  // namespace popper::cli

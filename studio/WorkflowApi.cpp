// The studio's check and plan (see WorkflowApi.h).
#include "studio/WorkflowApi.h"

#include <mutex>
#include <nlohmann/json.hpp>
#include <utility>

#include "compiler/driver/LoadWorkflow.h"
#include "compiler/opt/Planner.h"
#include "compiler/plan/Explain.h"

namespace popper::studio {
namespace {

// The parser, the analyzer and the plugins they load are used by one request
// at a time.
std::mutex& driverMutex() {
  static std::mutex mutex;
  return mutex;
}

ApiReply error(const std::string& message, nlohmann::json extra = nlohmann::json::object()) {
  extra["error"] = message;
  return {422, extra.dump()};
}

nlohmann::json rangeJson(const SourceFile& file, SourceRange range) {
  LineColumn start = file.lineColumn(range.begin);
  LineColumn end = file.lineColumn(range.end);
  return {{"line", start.line}, {"column", start.column}, {"end_line", end.line}, {"end_column", end.column}};
}

// Each node of the plan JSON gets "range": where its statement or clause is.
std::string withRanges(const std::string& planJson, const plan::Dataflow& dataflow, const SourceFile& file) {
  nlohmann::ordered_json doc = nlohmann::ordered_json::parse(planJson);
  for (auto& node : doc["nodes"]) {
    auto id = node["id"].get<plan::NodeId>();
    if (id < 0 || static_cast<size_t>(id) >= dataflow.size()) continue;
    SourceRange range = dataflow.node(id).range;
    if (!range.empty()) node["range"] = rangeJson(file, range);
  }
  return doc.dump();
}

}  // namespace

ApiReply checkWorkflow(const std::string& path, std::string text, const Params& params) {
  std::lock_guard lock(driverMutex());
  driver::LoadedWorkflow loaded = driver::loadWorkflowText(path, std::move(text), params, "");
  if (!loaded.usageError.empty()) return error(loaded.usageError);
  return {200, renderJson(*loaded.diags)};
}

ApiReply planWorkflow(const std::string& path, std::string text, const Params& params) {
  std::lock_guard lock(driverMutex());
  driver::LoadedWorkflow loaded = driver::loadWorkflowText(path, std::move(text), params, "");
  if (!loaded.usageError.empty()) return error(loaded.usageError);
  if (!loaded.ok())
    return error("the workflow has errors",
                 {{"diagnostics", nlohmann::json::parse(renderJson(*loaded.diags))}});
  auto planned = opt::planProgram(*loaded.program, opt::OptimizerOptions{});
  if (!planned) return error("cannot plan the workflow: " + planned.status().message());
  plan::PlanExplain explain = plan::buildExplain(planned->plan, opt::explainPasses(planned->passes), path);
  return {200, withRanges(plan::renderExplainJson(explain), planned->plan.dataflow, *loaded.source)};
}

}  // namespace popper::studio

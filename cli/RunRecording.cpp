#include "cli/RunRecording.h"

#include <spdlog/spdlog.h>

namespace popper::cli {
namespace {

std::string jsonText(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

store::OutputFile outputFile(const plan::PlanNode& node, const nlohmann::json& reported,
                             const exec::RunOptions& options) {
  const auto& out = node.as<plan::OutputNode>();
  store::OutputFile f;
  f.resolved = jsonText(reported, "resolved");
  f.format = out.outputter.op;
  if (const BoundArg* h = out.outputter.arg("header"); h && !h->isColumn && h->value.type() == Type::Bool)
    f.header = h->value.asBool();
  for (const ColumnInfo& c : node.schema) f.columns.push_back(c.name);
  if (out.evaluate) {
    f.keyColumns = out.evaluate->columns;
    f.truthResolved = exec::resolvePath(options.workflowDir, out.evaluate->groundTruth);
  }
  return f;
}

}  // namespace

Result<std::optional<store::Store>> openRunStore(const std::string& storeFlag, bool noRecord) {
  if (noRecord) return std::optional<store::Store>();
  auto opened = store::Store::open(store::Store::folder(storeFlag), /*create=*/true);
  if (!opened) return opened.status();
  return std::optional<store::Store>(std::move(*opened));
}

void recordRun(store::Store& store, const nlohmann::json& report, const plan::PhysicalPlan& plan,
               const exec::RunOptions& options, const std::string& workflowText) {
  store::RunFiles files;
  files.workflowText = workflowText;
  const nlohmann::json outputs = report.value("outputs", nlohmann::json::array());
  // A failed run committed nothing: its output paths still hold an earlier run's files.
  bool committed = report.value("status", "") == "ok";
  for (const nlohmann::json& reported : outputs) {  // in plan order, each path once (popper check)
    const plan::PlanNode* match = nullptr;
    for (const plan::PlanNode& node : plan.dataflow.nodes)
      if (node.is<plan::OutputNode>() && node.as<plan::OutputNode>().path == jsonText(reported, "path"))
        match = &node;
    files.outputs.push_back(match ? outputFile(*match, reported, options)
                                  : store::OutputFile{jsonText(reported, "resolved"), "", false, {}, {}, ""});
    if (!committed) files.outputs.back().resolved.clear();
  }
  if (const auto* rejects = report.contains("rejects") ? &report["rejects"] : nullptr)
    files.rejects = jsonText(*rejects, "file");
  if (const auto* corrections = report.contains("corrections") ? &report["corrections"] : nullptr)
    files.corrections = jsonText(*corrections, "file");
  auto recorded = store.recordRun(report, files);
  if (!recorded) {
    spdlog::warn("the run was not recorded: {}", recorded.status().message());
    return;
  }
  for (const std::string& w : recorded->warnings)
    spdlog::warn("run {}: not snapshotted: {}", recorded->id, w);
  spdlog::info("recorded as run {} in {}", recorded->id, store.path());
}

}  // namespace popper::cli

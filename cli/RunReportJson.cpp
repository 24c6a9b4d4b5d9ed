#include "cli/RunReportJson.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <filesystem>

#include "common/StandardStreams.h"
#include "store/Sha256.h"

namespace popper::cli {
namespace {

using nlohmann::json;

std::string absolutePath(const std::string& folder, const std::string& path) {
  if (isStandardStream(path)) return path;
  std::error_code ec;
  std::filesystem::path p = std::filesystem::absolute(exec::resolvePath(folder, path), ec);
  return ec ? exec::resolvePath(folder, path) : p.lexically_normal().string();
}

std::string isoTime(std::chrono::system_clock::time_point t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000;
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03d}Z", fmt::gmtime(std::chrono::system_clock::to_time_t(t)),
                     static_cast<int>(ms));
}

json nullOr(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json jitJson(const jit::JitSession* session) {
  if (!session) return {{"enabled", false}};
  jit::JitStats s = session->stats();
  json cache = nullptr;
  if (s.modules > 0) cache = s.cacheHits == 0 ? "miss" : s.cacheHits == s.modules ? "hit" : "partial";
  return {{"enabled", true},
          {"started", s.started},
          {"compiled", s.compiledExpressions},
          {"interpreted", s.interpretedExpressions},
          {"modules", s.modules},
          {"compile_ms", s.compileMillis},
          {"cache", cache},
          {"error", nullOr(s.error)}};
}

json rejectJson(const exec::RejectRecord& r) {
  return {{"source", r.source}, {"line", r.line}, {"node", r.node}, {"reason", r.reason}};
}

}  // namespace

json runReportJson(const engine::RunReport& report, const ReportContext& context) {
  const exec::RunOptions& o = *context.options;
  json params = json::object();
  for (const auto& [name, value] : context.params) params[name] = value;
  uint64_t input = 0, output = 0;
  json inputs = json::array(), outputs = json::array(), handlers = json::array(), nodes = json::array();
  for (const auto& in : report.inputs) {
    input += in.rows;
    inputs.push_back(
        {{"path", in.path}, {"resolved", absolutePath(o.workflowDir, in.path)}, {"rows", in.rows}});
  }
  for (const auto& out : report.outputs) {
    output += out.rows;
    json evaluation = nullptr;
    if (const auto& e = out.evaluation)
      evaluation = {{"ground_truth", e->groundTruth},
                    {"output_rows", e->outputRows},
                    {"truth_rows", e->truthRows},
                    {"true_positives", e->truePositives},
                    {"precision", e->precision()},
                    {"recall", e->recall()},
                    {"f1", e->f1()}};
    outputs.push_back({{"path", out.path},
                       {"resolved", absolutePath(o.outDir, out.path)},
                       {"rows", out.rows},
                       {"evaluation", evaluation}});
  }
  for (const auto& h : report.handlers)
    handlers.push_back({{"name", h.name},
                        {"checked", h.checked},
                        {"detected", h.detected},
                        {"corrected", h.corrected},
                        {"edits", h.edits},
                        {"appends", h.appends},
                        {"deletes", h.deletes},
                        {"passed", h.passed},
                        {"dropped", h.dropped},
                        {"rejected", h.rejected}});
  for (const auto& n : report.nodes) {
    const ops::NodeCounters& c = n.counters;
    nodes.push_back({{"id", n.id},
                     {"kind", n.kind},
                     {"name", n.name},
                     {"rows_in", n.kind == "Extract" ? c.inputRows : c.rowsIn},
                     {"rows_out", c.rowsOut},
                     {"filtered", c.filtered},
                     {"rejected", c.rejected},
                     {"ms", static_cast<double>(c.nanos) / 1e6}});
  }
  json first = json::array();
  for (const exec::RejectRecord& r : report.firstRejects) first.push_back(rejectJson(r));
  return {
      {"schema", "popper.run-report"},
      {"version", 1},
      {"popper", POPPER_VERSION},
      {"workflow",
       {{"path", context.workflowPath},
        {"resolved", absolutePath(".", context.workflowPath)},
        {"sha256", store::sha256Hex(context.workflowText)}}},
      {"params", params},
      {"options",
       {{"threads", o.effectiveThreads()},
        {"jit", context.jit != nullptr},
        {"verify", o.verify},
        {"handlers", context.handlers},
        {"out_dir", o.outDir},
        {"max_rejects", o.maxRejects},
        {"max_rounds", o.maxRounds},
        {"epoch_rows", o.epochRows},
        {"batch_size", o.batchSize}}},
      {"started_at", isoTime(context.started)},
      {"seconds", report.seconds},
      {"status", report.status.isOk() ? "ok" : "failed"},
      {"exit_code", context.exitCode},
      {"error", report.status.isOk() ? json(nullptr) : json(report.status.message())},
      {"rows",
       {{"input", input}, {"output", output}, {"filtered", report.filtered}, {"rejected", report.rejected}}},
      {"inputs", inputs},
      {"outputs", outputs},
      {"handlers", handlers},
      {"rejects", {{"count", report.rejected}, {"file", nullOr(report.rejectsPath)}, {"first", first}}},
      {"corrections", {{"count", report.corrections}, {"file", nullOr(report.correctionsPath)}}},
      {"waves", report.waves},
      {"barrier_seconds", report.barrierSeconds},
      {"nodes", nodes},
      {"jit", jitJson(context.jit)},
      {"verified_nodes", o.verify ? json(report.verifiedNodes) : json(nullptr)},
  };
}

}  // namespace popper::cli

// `popper runs list`, `show ID`, `rejects ID` and `corrections ID`.
#include <fmt/format.h>

#include <cstdio>

#include "cli/Commands.h"
#include "cli/Runs.h"
#include "store/Blobs.h"

namespace popper::cli {
namespace {

uint64_t count(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<uint64_t>() : 0;
}

std::string scoreText(const nlohmann::json& e) {
  if (!e.is_object()) return "";
  return fmt::format("  (vs {}: precision {:.3f}, recall {:.3f}, F1 {:.3f})", e.value("ground_truth", ""),
                     e.value("precision", 0.0), e.value("recall", 0.0), e.value("f1", 0.0));
}

// The report as text, in the words of `popper run`'s summary.
std::string reportText(const std::string& id, const nlohmann::json& r) {
  const nlohmann::json empty = nlohmann::json::object();
  const nlohmann::json& wf = r.contains("workflow") ? r["workflow"] : empty;
  const nlohmann::json& rows = r.contains("rows") ? r["rows"] : empty;
  std::string text = fmt::format("run {}: {}, started {}, {} (exit {}) in {:.2f} s\n", id,
                                 wf.value("path", ""), r.value("started_at", ""), r.value("status", ""),
                                 r.value("exit_code", 0), r.value("seconds", 0.0));
  if (r.contains("error") && r["error"].is_string())
    text += fmt::format("  error: {}\n", r["error"].get<std::string>());
  if (r.contains("params") && r["params"].is_object() && !r["params"].empty()) {
    std::string params;
    for (const auto& [name, value] : r["params"].items())
      params += fmt::format("{}{}={}", params.empty() ? "" : ", ", name,
                            value.is_string() ? value.get<std::string>() : value.dump());
    text += fmt::format("  params: {}\n", params);
  }
  if (r.contains("options") && r["options"].is_object()) {
    const nlohmann::json& o = r["options"];
    text += fmt::format("  options: {} threads, handlers {}, jit {}\n", count(o, "threads"),
                        o.value("handlers", true) ? "on" : "off", o.value("jit", true) ? "on" : "off");
  }
  text += fmt::format("  rows: {} input, {} output, {} filtered, {} rejected\n", count(rows, "input"),
                      count(rows, "output"), count(rows, "filtered"), count(rows, "rejected"));
  for (const auto& o : r.value("outputs", nlohmann::json::array()))
    text += fmt::format("  {}: {} rows{}\n", o.value("path", ""), count(o, "rows"),
                        scoreText(o.value("evaluation", nlohmann::json())));
  for (const auto& h : r.value("handlers", nlohmann::json::array()))
    text += fmt::format(
        "  handler {}: {} checked, {} detected, {} corrected ({} edits, {} appends, {} deletes), {} passed, "
        "{} "
        "dropped, {} rejected\n",
        h.value("name", ""), count(h, "checked"), count(h, "detected"), count(h, "corrected"),
        count(h, "edits"), count(h, "appends"), count(h, "deletes"), count(h, "passed"), count(h, "dropped"),
        count(h, "rejected"));
  if (r.contains("rejects") && count(r["rejects"], "count") > 0)
    text += fmt::format("  rejects: {} (popper runs rejects {})\n", count(r["rejects"], "count"), id);
  if (r.contains("corrections") && count(r["corrections"], "count") > 0)
    text +=
        fmt::format("  corrections: {} (popper runs corrections {})\n", count(r["corrections"], "count"), id);
  if (count(r, "waves") > 1) text += fmt::format("  correction waves: {}\n", count(r, "waves"));
  return text;
}

}  // namespace

int runsList(store::Store& store, const RunsArgs& args) {
  auto runs = store.listRuns();
  if (!runs) return storeError(runs.status());
  if (args.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const store::RunSummary& r : *runs)
      out.push_back({{"id", r.id},
                     {"started_at", r.startedAt},
                     {"workflow", r.workflow},
                     {"status", r.status},
                     {"exit_code", r.exitCode},
                     {"seconds", r.seconds},
                     {"rows_in", r.rowsIn},
                     {"rows_out", r.rowsOut},
                     {"rejected", r.rejected}});
    std::puts(out.dump(2).c_str());
    return kExitOk;
  }
  std::string text = fmt::format("{:<12}  {:<24}  {:<6}  {:>9}  {:>10}  {:>10}  {:>8}  {}\n", "id", "started",
                                 "status", "seconds", "rows in", "rows out", "rejects", "workflow");
  for (const store::RunSummary& r : *runs)
    text += fmt::format("{:<12}  {:<24}  {:<6}  {:>9.2f}  {:>10}  {:>10}  {:>8}  {}\n", r.id, r.startedAt,
                        r.status, r.seconds, r.rowsIn, r.rowsOut, r.rejected, r.workflow);
  std::fputs(text.c_str(), stdout);
  return kExitOk;
}

int runsShow(store::Store& store, const RunsArgs& args) {
  int code = kExitOk;
  auto id = resolveRunId(store, args.a, &code);
  if (!id) return code;
  auto report = store.report(*id);
  if (!report) return storeError(report.status());
  if (args.format == "json")
    std::puts(report->dump(2).c_str());
  else
    std::fputs(reportText(*id, *report).c_str(), stdout);
  return kExitOk;
}

int runsFile(store::Store& store, const RunsArgs& args, const std::string& which) {
  int code = kExitOk;
  auto id = resolveRunId(store, args.a, &code);
  if (!id) return code;
  auto blob = store.runFile(*id, which);
  if (!blob) return storeError(blob.status());
  bool json = args.format == "json";
  if (json) std::fputs("[", stdout);
  bool first = true;
  if (!blob->empty()) {
    Status st = store::readBlobLines(store.database(), *blob, [&](std::string_view line) -> Status {
      if (line.empty()) return Status::ok();
      if (json) {
        std::fputs(first ? "\n  " : ",\n  ", stdout);
        std::fwrite(line.data(), 1, line.size(), stdout);
      } else {
        auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
        std::string text = j.is_object()
                               ? fmt::format("{}:{}: {}: {}", j.value("source", ""), j.value("line", 0),
                                             j.value("node", j.value("handler", "")),
                                             j.value("reason", j.value("action", "")))
                               : std::string(line);
        if (j.is_object() && j.contains("action")) {  // a correction: what it replaced, added or removed
          nlohmann::json before = j.value("before", nlohmann::json()),
                         after = j.value("after", nlohmann::json());
          if (!before.is_null()) text += " " + before.dump();
          if (!before.is_null() && !after.is_null()) text += " ->";
          if (!after.is_null()) text += " " + after.dump();
        }
        std::puts(text.c_str());
      }
      first = false;
      return Status::ok();
    });
    if (!st) return storeError(st);
  }
  if (json) std::fputs(first ? "]\n" : "\n]\n", stdout);
  return kExitOk;
}

}  // namespace popper::cli

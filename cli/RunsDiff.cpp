// `popper runs diff A B --output PATH`: the rows of one output only in A and
// only in B, from the stored snapshots (store/RowDiff.h), streamed out.
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>

#include "cli/Commands.h"
#include "cli/Runs.h"
#include "common/NameSuggest.h"
#include "store/RowDiff.h"

namespace popper::cli {
namespace {

// The run's output named `wanted` as written in the workflow or as resolved.
Result<store::OutputRecord> findOutput(store::Store& store, const std::string& id,
                                       const std::string& wanted) {
  auto outputs = store.outputs(id);
  if (!outputs) return outputs.status();
  std::error_code ec;
  std::string absolute = std::filesystem::absolute(wanted, ec).lexically_normal().string();
  std::vector<std::string> names;
  for (const store::OutputRecord& o : *outputs) {
    if (o.path == wanted || o.resolved == wanted || o.resolved == absolute) return o;
    names.push_back(o.path);
  }
  std::string listed;
  for (const std::string& n : names) listed += (listed.empty() ? "" : ", ") + n;
  return Status::invalidArgument(fmt::format("run {} has no output '{}'{} (its outputs: {})", id, wanted,
                                             didYouMean(wanted, names), listed.empty() ? "none" : listed));
}

void put(const std::string& text) { std::fwrite(text.data(), 1, text.size(), stdout); }

}  // namespace

int runsDiff(store::Store& store, const RunsArgs& args) {
  int code = kExitOk;
  auto idA = resolveRunId(store, args.a, &code);
  if (!idA) return code;
  auto idB = resolveRunId(store, args.b, &code);
  if (!idB) return code;
  auto a = findOutput(store, *idA, args.output);
  if (!a) return storeError(a.status());
  auto b = findOutput(store, *idB, args.output);
  if (!b) return storeError(b.status());
  bool json = args.format == "json";
  if (json) {
    std::string head = nlohmann::json({{"a", *idA}, {"b", *idB}, {"output", a->path}}).dump();
    head.pop_back();  // the closing brace: the rows follow, streamed
    put(head + ",\"rows\":[");
  } else {
    put(fmt::format("--- A {} {}\n+++ B {} {}\n", *idA, a->path, *idB, b->path));
  }
  bool first = true;
  store::DiffSummary summary;
  Status st = store::diffOutputs(
      store.database(), *a, *b,
      [&](const store::DiffRow& row) -> Status {
        const char* mark = store::diffMarkName(row.mark);
        if (json) {
          nlohmann::json r = {{"side", row.onlyInA ? "a" : "b"},
                              {"row", std::string(row.line)},
                              {"mark", *mark ? nlohmann::json(mark) : nlohmann::json(nullptr)}};
          put((first ? "\n" : ",\n") + r.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        } else {
          put(fmt::format("{} {}{}\n", row.onlyInA ? '-' : '+', row.line,
                          *mark ? fmt::format("  [{}]", mark) : ""));
        }
        first = false;
        return Status::ok();
      },
      summary);
  if (!st) {
    if (json) put("]}\n");
    return storeError(st);
  }
  if (json) {
    nlohmann::json s = {
        {"only_in_a", summary.onlyInA}, {"only_in_b", summary.onlyInB}, {"judged", summary.judged}};
    if (summary.judged) {
      s["fixed"] = summary.fixed;
      s["broken"] = summary.broken;
      s["wrong"] = summary.wrong;
      s["cleared"] = summary.cleared;
    }
    put(fmt::format("{}],\"summary\":{}}}\n", first ? "" : "\n", s.dump()));
    return kExitOk;
  }
  if (summary.headerA != summary.headerB)
    put(fmt::format("headers differ: A '{}', B '{}'\n", summary.headerA, summary.headerB));
  std::string tail = fmt::format("only in A: {}", summary.onlyInA);
  if (summary.judged) tail += fmt::format(" ({} broken, {} cleared)", summary.broken, summary.cleared);
  tail += fmt::format("; only in B: {}", summary.onlyInB);
  if (summary.judged) tail += fmt::format(" ({} fixed, {} wrong)", summary.fixed, summary.wrong);
  put(tail + "\n");
  return kExitOk;
}

}  // namespace popper::cli

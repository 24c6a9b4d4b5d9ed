// `popper runs compare A B`: durations, rows, each output's rows and
// precision/recall/F1, each handler's counts, side by side with deltas.
// Outputs are matched by path as written, handlers by name; read from the
// two stored reports only.
#include <fmt/format.h>

#include <cstdio>
#include <optional>

#include "cli/Commands.h"
#include "cli/Runs.h"

namespace popper::cli {
namespace {

struct Line {
  std::string what;
  std::optional<double> a, b;
  bool ratio = false;  // precision/recall/F1 (3 decimals); seconds: 2; counts: integers
  bool seconds = false;
};

std::optional<double> number(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

const nlohmann::json* findNamed(const nlohmann::json& list, const char* key, const std::string& name) {
  for (const auto& item : list)
    if (item.value(key, "") == name) return &item;
  return nullptr;
}

std::vector<Line> compareReports(const nlohmann::json& a, const nlohmann::json& b) {
  const nlohmann::json none = nlohmann::json::object();
  std::vector<Line> lines;
  lines.push_back({"seconds", number(a, "seconds"), number(b, "seconds"), false, true});
  for (const char* key : {"input", "output", "filtered", "rejected"})
    lines.push_back({fmt::format("rows {}", key), number(a.value("rows", none), key),
                     number(b.value("rows", none), key)});
  // Outputs and handlers of A, then those only B has.
  for (const char* list : {"outputs", "handlers"}) {
    const char* key = std::string(list) == "outputs" ? "path" : "name";
    std::vector<std::string> names;
    for (const nlohmann::json* r : {&a, &b})
      for (const auto& item : r->value(list, nlohmann::json::array()))
        if (std::find(names.begin(), names.end(), item.value(key, "")) == names.end())
          names.push_back(item.value(key, ""));
    const nlohmann::json listA = a.value(list, nlohmann::json::array());
    const nlohmann::json listB = b.value(list, nlohmann::json::array());
    for (const std::string& name : names) {
      const nlohmann::json* x = findNamed(listA, key, name);
      const nlohmann::json* y = findNamed(listB, key, name);
      const nlohmann::json& xa = x ? *x : none;
      const nlohmann::json& yb = y ? *y : none;
      if (std::string(list) == "outputs") {
        lines.push_back({name + " rows", number(xa, "rows"), number(yb, "rows")});
        const nlohmann::json& ea =
            xa.contains("evaluation") && xa["evaluation"].is_object() ? xa["evaluation"] : none;
        const nlohmann::json& eb =
            yb.contains("evaluation") && yb["evaluation"].is_object() ? yb["evaluation"] : none;
        if (ea.empty() && eb.empty()) continue;
        for (const char* score : {"precision", "recall", "f1"})
          lines.push_back({fmt::format("{} {}", name, std::string(score) == "f1" ? "F1" : score),
                           number(ea, score), number(eb, score), true});
      } else {
        for (const char* count : {"checked", "detected", "corrected", "passed", "dropped", "rejected"})
          lines.push_back({fmt::format("handler {} {}", name, count), number(xa, count), number(yb, count)});
      }
    }
  }
  return lines;
}

std::string shown(std::optional<double> v, const Line& l) {
  if (!v) return "-";
  if (l.ratio) return fmt::format("{:.3f}", *v);
  if (l.seconds) return fmt::format("{:.2f}", *v);
  return fmt::format("{}", static_cast<int64_t>(*v));
}

std::string delta(const Line& l) {
  if (!l.a || !l.b) return "";
  double d = *l.b - *l.a;
  if (l.ratio) return fmt::format("{:+.3f}", d);
  if (l.seconds) return fmt::format("{:+.2f}", d);
  return d == 0 ? "0" : fmt::format("{:+}", static_cast<int64_t>(d));
}

}  // namespace

int runsCompare(store::Store& store, const RunsArgs& args) {
  int code = kExitOk;
  auto idA = resolveRunId(store, args.a, &code);
  if (!idA) return code;
  auto idB = resolveRunId(store, args.b, &code);
  if (!idB) return code;
  auto a = store.report(*idA);
  if (!a) return storeError(a.status());
  auto b = store.report(*idB);
  if (!b) return storeError(b.status());
  std::vector<Line> lines = compareReports(*a, *b);
  if (args.format == "json") {
    nlohmann::json out = {{"a", *idA}, {"b", *idB}, {"metrics", nlohmann::json::array()}};
    for (const Line& l : lines) {
      nlohmann::json m = {{"metric", l.what}, {"a", nullptr}, {"b", nullptr}, {"delta", nullptr}};
      if (l.a) m["a"] = *l.a;
      if (l.b) m["b"] = *l.b;
      if (l.a && l.b) m["delta"] = *l.b - *l.a;
      out["metrics"].push_back(m);
    }
    std::puts(out.dump(2).c_str());
    return kExitOk;
  }
  size_t width = 6;
  for (const Line& l : lines) width = std::max(width, l.what.size());
  std::string text = fmt::format("A: run {} ({})\nB: run {} ({})\n{:<{}}  {:>12}  {:>12}  {:>8}\n", *idA,
                                 a->value("workflow", nlohmann::json::object()).value("path", ""), *idB,
                                 b->value("workflow", nlohmann::json::object()).value("path", ""), "", width,
                                 "A", "B", "delta");
  for (const Line& l : lines) {
    std::string line =
        fmt::format("{:<{}}  {:>12}  {:>12}  {:>8}", l.what, width, shown(l.a, l), shown(l.b, l), delta(l));
    line.erase(line.find_last_not_of(' ') + 1);
    text += line + "\n";
  }
  std::fputs(text.c_str(), stdout);
  return kExitOk;
}

}  // namespace popper::cli

// Test helpers for the run store: a temporary folder, files, a minimal report.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "store/Store.h"

namespace popper::store::test {

struct TempFolder {
  std::filesystem::path path;
  explicit TempFolder(const std::string& name) {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           ("popper_store_" + name + "_" + std::to_string(getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempFolder() {
    std::error_code ec;
    std::filesystem::permissions(path, std::filesystem::perms::owner_all, ec);
    std::filesystem::remove_all(path, ec);
  }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

inline void writeFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

inline std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A version 1 report with one output at `resolved` (docs/run-report.md).
inline nlohmann::json reportWithOutput(const std::string& resolved, int rows, double f1 = 0.5) {
  return {
      {"schema", "popper.run-report"},
      {"version", 1},
      {"workflow", {{"path", "wf.scope"}, {"resolved", "/abs/wf.scope"}, {"sha256", "00"}}},
      {"params", nlohmann::json::object()},
      {"options", {{"threads", 2}}},
      {"started_at", "2026-12-07T22:47:00.123Z"},
      {"seconds", 0.25},
      {"status", "ok"},
      {"exit_code", 0},
      {"error", nullptr},
      {"rows", {{"input", rows}, {"output", rows}, {"filtered", 0}, {"rejected", 0}}},
      {"outputs",
       {{{"path", "out.csv"},
         {"resolved", resolved},
         {"rows", rows},
         {"evaluation", {{"ground_truth", "truth.csv"}, {"precision", 0.5}, {"recall", 0.5}, {"f1", f1}}}}}},
      {"handlers", {{{"name", "fix"}, {"checked", 3}, {"detected", 1}, {"corrected", 1}}}}};
}

inline RunFiles filesFor(const std::string& output, const std::string& truth = "") {
  RunFiles f;
  f.workflowText = "OUTPUT x TO \"out.csv\";\n";
  f.outputs.push_back(OutputFile{output, "Csv", false, {"line"}, {"line"}, truth});
  return f;
}

}  // namespace popper::store::test

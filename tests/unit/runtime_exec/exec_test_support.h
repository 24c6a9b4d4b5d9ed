// Helpers for engine tests: compile a workflow text through the real front
// end and planner, run it in a scratch folder, read back what it wrote.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "compiler/diag/Diagnostic.h"
#include "compiler/opt/Planner.h"
#include "compiler/parse/Parser.h"
#include "compiler/sema/Analyzer.h"
#include "runtime/engine/Engine.h"
#include "tests/support/TestCatalog.h"

namespace popper::exec::test {

using engine::RunReport;

inline std::filesystem::path scratchDir(const std::string& name) {
  auto dir =
      std::filesystem::temp_directory_path() / ("popper-rtexec-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline void writeFile(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

inline std::string readFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Parses, checks and plans `text`; fails the test on any diagnostic error.
inline plan::PhysicalPlan planText(const std::string& text) {
  SourceFile file("test.scope", text);
  DiagnosticEngine diags(file);
  ast::Workflow wf = parseWorkflow(file, diags);
  auto program = analyze(wf, file, testing::testAnalyzeOptions(), diags);
  if (!program) throw std::runtime_error(renderText(diags, false));
  auto planned = opt::planProgram(*program, opt::OptimizerOptions{});
  if (!planned) throw std::runtime_error(planned.status().message());
  return std::move(planned.value().plan);
}

// Every file under `dir` (relative path -> bytes).
inline std::map<std::string, std::string> filesUnder(const std::filesystem::path& dir) {
  std::map<std::string, std::string> out;
  if (!std::filesystem::exists(dir)) return out;
  for (auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out[std::filesystem::relative(e.path(), dir).string()] = readFile(e.path());
  return out;
}

// Plans and runs `text` with `options`, reading inputs from `dir` and writing
// into dir/outName (created); fails the test unless the run succeeds (and,
// with --verify on, checked every node). Returns the files written.
inline std::map<std::string, std::string> runIn(const std::filesystem::path& dir, const std::string& text,
                                                RunOptions options, const std::string& outName,
                                                RunReport* reportOut = nullptr) {
  plan::PhysicalPlan plan = planText(text);
  options.workflowDir = dir.string();
  options.outDir = (dir / outName).string();
  std::filesystem::create_directories(options.outDir);
  RunReport report = runPlan(plan, options, testing::testHooks());
  REQUIRE_MESSAGE(report.status.isOk(), report.status.message());
  if (options.verify) CHECK(report.verifiedNodes == plan.dataflow.size());
  if (reportOut) *reportOut = report;
  return filesUnder(options.outDir);
}

}  // namespace popper::exec::test

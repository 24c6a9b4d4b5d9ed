// Helpers for sema unit tests: parse and analyze source text, and list the
// diagnostics as "line:col: severity: message" strings.
#pragma once

#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/parse/Parser.h"
#include "compiler/sema/Analyzer.h"
#include "tests/support/TestCatalog.h"

namespace popper::test {

struct Checked {
  std::optional<BoundProgram> program;
  std::vector<std::string> diagnostics;  // errors and warnings (notes left out), in source order
  std::vector<std::string> errors;       // "line:col: message"

  const BoundRelation& rel(const std::string& name) const {
    for (const BoundRelation& r : program->relations)
      if (r.name == name) return r;
    throw std::runtime_error("no relation " + name);
  }
};

inline Checked check(const std::string& text, std::map<std::string, std::string> params = {}) {
  SourceFile file("wf.scope", text);
  DiagnosticEngine diags(file);
  ast::Workflow workflow = parseWorkflow(file, diags);
  AnalyzeOptions options = testing::testAnalyzeOptions();
  options.paramOverrides = std::move(params);
  Checked out;
  out.program = analyze(workflow, file, options, diags);
  for (const Diagnostic& d : diags.sorted()) {
    if (d.severity == Severity::Note) continue;
    LineColumn at = file.lineColumn(d.range.begin);
    std::string where = std::to_string(at.line) + ":" + std::to_string(at.column) + ": ";
    if (d.severity == Severity::Error) out.errors.push_back(where + d.message);
    out.diagnostics.push_back(where + (d.severity == Severity::Error ? "error: " : "warning: ") + d.message);
  }
  return out;
}

inline std::vector<std::string> errorsOf(const std::string& text,
                                         std::map<std::string, std::string> params = {}) {
  return check(text, std::move(params)).errors;
}

inline std::string schemaText(const Schema& schema) {
  std::string s;
  for (const ColumnInfo& c : schema) s += (s.empty() ? "" : ", ") + c.name + ":" + typeName(c.type);
  return s;
}

}  // namespace popper::test

// Prints diagnostic lists in failed CHECKs.
template <>
struct doctest::StringMaker<std::vector<std::string>> {
  static doctest::String convert(const std::vector<std::string>& lines) {
    std::string out = "{";
    for (const std::string& line : lines) out += "\n  \"" + line + "\"";
    return (out + "}").c_str();
  }
};

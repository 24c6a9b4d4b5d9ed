// Located diagnostics, collected for a whole file and printed all at once, in
// LLVM style: "file:line:col: error: message", the source line and a caret.
#pragma once

#include <string>
#include <vector>

#include "common/SourceFile.h"

namespace popper {

enum class Severity { Error, Warning, Note };

struct Diagnostic {
  Severity severity = Severity::Error;
  SourceRange range;
  std::string message;  // lower-case, no trailing period, says what and where
};

class DiagnosticEngine {
 public:
  explicit DiagnosticEngine(const SourceFile& file) : file_(&file) {}

  void error(SourceRange range, std::string message);
  void warning(SourceRange range, std::string message);
  void note(SourceRange range, std::string message);

  const SourceFile& file() const { return *file_; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  size_t errorCount() const { return errors_; }
  size_t warningCount() const { return warnings_; }
  bool hasErrors() const { return errors_ > 0; }

  // Diagnostics in source order (stable for equal positions).
  std::vector<Diagnostic> sorted() const;

 private:
  void add(Severity severity, SourceRange range, std::string message);

  const SourceFile* file_;
  std::vector<Diagnostic> diagnostics_;
  size_t errors_ = 0;
  size_t warnings_ = 0;
};

// "file:line:col: error: message\n<source line>\n   ^~~~\n" for each diagnostic.
std::string renderText(const DiagnosticEngine& engine, bool color = false);
// One JSON document: {"file":..., "diagnostics":[{severity,line,column,end_line,end_column,message}]}.
std::string renderJson(const DiagnosticEngine& engine);

}  // namespace popper

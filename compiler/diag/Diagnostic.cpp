// Collecting diagnostics and rendering them as text (with caret) or JSON.
#include "compiler/diag/Diagnostic.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace popper {

void DiagnosticEngine::add(Severity severity, SourceRange range, std::string message) {
  if (severity == Severity::Error) ++errors_;
  if (severity == Severity::Warning) ++warnings_;
  diagnostics_.push_back({severity, range, std::move(message)});
}

void DiagnosticEngine::error(SourceRange range, std::string message) {
  add(Severity::Error, range, std::move(message));
}
void DiagnosticEngine::warning(SourceRange range, std::string message) {
  add(Severity::Warning, range, std::move(message));
}
void DiagnosticEngine::note(SourceRange range, std::string message) {
  add(Severity::Note, range, std::move(message));
}

// A note belongs to the diagnostic reported just before it and stays right
// after it ("previous definition is here" usually points earlier in the file).
std::vector<Diagnostic> DiagnosticEngine::sorted() const {
  std::vector<std::pair<size_t, size_t>> groups;  // [first, last) indices: a diagnostic and its notes
  for (size_t i = 0; i < diagnostics_.size(); ++i) {
    if (diagnostics_[i].severity == Severity::Note && !groups.empty())
      groups.back().second = i + 1;
    else
      groups.emplace_back(i, i + 1);
  }
  std::stable_sort(groups.begin(), groups.end(), [&](const auto& a, const auto& b) {
    return diagnostics_[a.first].range.begin < diagnostics_[b.first].range.begin;
  });
  std::vector<Diagnostic> out;
  out.reserve(diagnostics_.size());
  for (const auto& [first, last] : groups)
    out.insert(out.end(), diagnostics_.begin() + first, diagnostics_.begin() + last);
  return out;
}

namespace {

const char* severityName(Severity s) {
  switch (s) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Note:
      return "note";
  }
  return "error";
}

// The caret line: a '^' under the first character of the range and '~' under the
// rest of it on the same line. Tabs are copied so the caret lines up.
std::string caretLine(std::string_view line, uint32_t startColumn, uint32_t width) {
  std::string out;
  uint32_t column = 1;
  for (size_t i = 0; i < line.size() && column < startColumn; ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;
    out += c == '\t' ? '\t' : ' ';
    ++column;
  }
  while (column < startColumn) {
    out += ' ';
    ++column;
  }
  out += '^';
  for (uint32_t i = 1; i < width; ++i) out += '~';
  return out;
}

constexpr size_t kMaxShownLine = 200;  // a 1 MB line is cut, not printed whole

}  // namespace

std::string renderText(const DiagnosticEngine& engine, bool color) {
  const SourceFile& file = engine.file();
  std::string out;
  for (const Diagnostic& d : engine.sorted()) {
    LineColumn start = file.lineColumn(d.range.begin);
    LineColumn end = file.lineColumn(d.range.end);
    out += file.path() + ":" + std::to_string(start.line) + ":" + std::to_string(start.column) + ": ";
    if (color) out += d.severity == Severity::Error ? "\033[1;31m" : "\033[1;35m";
    out += severityName(d.severity);
    out += ": ";
    if (color) out += "\033[0m\033[1m";
    out += d.message;
    if (color) out += "\033[0m";
    out += '\n';
    std::string_view line = file.lineText(start.line);
    uint32_t startColumn = start.column;
    if (line.size() > kMaxShownLine) {
      // Show a window of the line around the error instead of the whole line.
      size_t lineBegin = static_cast<size_t>(line.data() - file.text().data());
      size_t offsetInLine = d.range.begin - lineBegin;
      size_t from = offsetInLine > 60 ? offsetInLine - 60 : 0;
      while (from > 0 && (static_cast<unsigned char>(line[from]) & 0xC0) == 0x80) --from;
      std::string_view window = line.substr(from, 120);
      // Do not end the window inside a UTF-8 sequence.
      while (window.size() == 120 && !window.empty() &&
             (static_cast<unsigned char>(window.back()) & 0x80) != 0)
        window.remove_suffix(1);
      uint32_t skipped = 0;
      for (size_t i = 0; i < from; ++i)
        if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++skipped;
      line = window;
      startColumn -= skipped;
    }
    uint32_t width = 1;
    if (end.line == start.line && end.column > start.column) width = end.column - start.column;
    out += std::string(line) + '\n';
    out += caretLine(line, startColumn, width) + '\n';
  }
  return out;
}

std::string renderJson(const DiagnosticEngine& engine) {
  const SourceFile& file = engine.file();
  nlohmann::json list = nlohmann::json::array();
  for (const Diagnostic& d : engine.sorted()) {
    LineColumn start = file.lineColumn(d.range.begin);
    LineColumn end = file.lineColumn(d.range.end);
    list.push_back({{"severity", severityName(d.severity)},
                    {"line", start.line},
                    {"column", start.column},
                    {"end_line", end.line},
                    {"end_column", end.column},
                    {"message", d.message}});
  }
  nlohmann::json doc = {{"file", file.path()},
                        {"errors", engine.errorCount()},
                        {"warnings", engine.warningCount()},
                        {"diagnostics", list}};
  return doc.dump(2) + "\n";
}

}  // namespace popper

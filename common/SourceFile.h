// A workflow's source text and the mapping from byte offsets to line:column.
// AST nodes keep only byte ranges; line, column and caret are computed when a
// diagnostic is printed (as DuckDB's query_error_context does).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace popper {

// Half-open byte range [begin, end) into a SourceFile's text.
struct SourceRange {
  uint32_t begin = 0;
  uint32_t end = 0;

  bool empty() const { return begin == end; }
  static SourceRange merge(SourceRange a, SourceRange b) {
    return {a.begin < b.begin ? a.begin : b.begin, a.end > b.end ? a.end : b.end};
  }
};

// 1-based line and column; the column counts UTF-8 characters, not bytes.
struct LineColumn {
  uint32_t line = 1;
  uint32_t column = 1;
};

class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }

  LineColumn lineColumn(uint32_t offset) const;
  // The text of a 1-based line, without its line terminator.
  std::string_view lineText(uint32_t line) const;
  uint32_t lineCount() const { return static_cast<uint32_t>(lineStarts_.size()); }

 private:
  std::string path_;
  std::string text_;
  std::vector<uint32_t> lineStarts_;
};

}  // namespace popper

// Cell formatting for the writers.
#include "runtime/io/CellText.h"

#include <charconv>
#include <cmath>

#include "runtime/data/ValueText.h"

namespace popper {

namespace {
void appendFloatFast(std::string& out, double v) {
  size_t old = out.size();
  out.resize(old + 40);
  out.resize(old + formatFloatTo(out.data() + old, v));
}
void appendIntFast(std::string& out, int64_t v) {
  size_t old = out.size();
  out.resize(old + 24);
  out.resize(static_cast<size_t>(std::to_chars(out.data() + old, out.data() + old + 24, v).ptr - out.data()));
}
}  // namespace

void appendPlainCell(std::string& out, const Column& c, size_t row) {
  switch (c.type) {
    case Type::Int: return appendIntFast(out, c.ints[row]);
    case Type::Float: return appendFloatFast(out, c.floats[row]);
    case Type::Bool: out.append(c.bools[row] ? "true" : "false"); return;
    case Type::String: out.append(c.strings[row]); return;
  }
}

void appendCsvString(std::string& out, std::string_view s, char delimiter, bool alone) {
  bool quote = alone && s.empty();
  for (char ch : s) {
    if (ch == delimiter || ch == '"' || ch == '\n' || ch == '\r') {
      quote = true;
      break;
    }
  }
  if (!quote) {
    out.append(s);
    return;
  }
  out.push_back('"');
  for (char ch : s) {
    if (ch == '"') out.push_back('"');
    out.push_back(ch);
  }
  out.push_back('"');
}

void appendCsvCell(std::string& out, const Column& c, size_t row, char delimiter, bool alone) {
  if (c.type == Type::String) return appendCsvString(out, c.strings[row], delimiter, alone);
  appendPlainCell(out, c, row);
}

void appendJsonString(std::string& out, std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  out.push_back('"');
  for (char ch : s) {
    unsigned char u = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      default:
        if (u < 0x20) {
          out.append("\\u00");
          out.push_back(kHex[u >> 4]);
          out.push_back(kHex[u & 15]);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

void appendJsonCell(std::string& out, const Column& c, size_t row) {
  switch (c.type) {
    case Type::Int: return appendIntFast(out, c.ints[row]);
    case Type::Float:
      if (!std::isfinite(c.floats[row])) {
        out.push_back('"');
        appendFloatFast(out, c.floats[row]);
        out.push_back('"');
        return;
      }
      return appendFloatFast(out, c.floats[row]);
    case Type::Bool: out.append(c.bools[row] ? "true" : "false"); return;
    case Type::String: return appendJsonString(out, c.strings[row]);
  }
}

}  // namespace popper

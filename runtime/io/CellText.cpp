// Cell formatting for the writers.
#include "runtime/io/CellText.h"

#include <charconv>
#include <cmath>

#include "runtime/data/ValueText.h"

namespace popper {

namespace {
void appendFloatFast(OutputBuffer& out, double v) { out.advance(formatFloatTo(out.reserve(40), v)); }
void appendIntFast(OutputBuffer& out, int64_t v) {
  char* p = out.reserve(24);
  out.advance(static_cast<size_t>(std::to_chars(p, p + 24, v).ptr - p));
}
}  // namespace

void appendPlainCell(OutputBuffer& out, const Column& c, size_t row) {
  switch (c.type) {
    case Type::Int:
      return appendIntFast(out, c.ints[row]);
    case Type::Float:
      return appendFloatFast(out, c.floats[row]);
    case Type::Bool:
      out.append(c.bools[row] ? "true" : "false");
      return;
    case Type::String:
      out.append(c.strings[row]);
      return;
  }
}

void appendCsvString(OutputBuffer& out, std::string_view s, char delimiter, bool alone) {
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
  char* p = out.reserve(2 * s.size() + 2);
  char* o = p;
  *o++ = '"';
  for (char ch : s) {
    if (ch == '"') *o++ = '"';
    *o++ = ch;
  }
  *o++ = '"';
  out.advance(static_cast<size_t>(o - p));
}

void appendCsvCell(OutputBuffer& out, const Column& c, size_t row, char delimiter, bool alone) {
  if (c.type == Type::String) return appendCsvString(out, c.strings[row], delimiter, alone);
  appendPlainCell(out, c, row);
}

void appendJsonString(OutputBuffer& out, std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  out.push_back('"');
  for (char ch : s) {
    unsigned char u = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
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

void appendJsonCell(OutputBuffer& out, const Column& c, size_t row) {
  switch (c.type) {
    case Type::Int:
      return appendIntFast(out, c.ints[row]);
    case Type::Float:
      if (!std::isfinite(c.floats[row])) {
        out.push_back('"');
        appendFloatFast(out, c.floats[row]);
        out.push_back('"');
        return;
      }
      return appendFloatFast(out, c.floats[row]);
    case Type::Bool:
      out.append(c.bools[row] ? "true" : "false");
      return;
    case Type::String:
      return appendJsonString(out, c.strings[row]);
  }
}

void appendJsonObject(OutputBuffer& out, const Schema& schema, const Batch& b, size_t row) {
  out.push_back('{');
  for (size_t c = 0; c < b.numColumns(); ++c) {
    if (c) out.push_back(',');
    appendJsonString(out, schema[c].name);
    out.push_back(':');
    appendJsonCell(out, b.column(c), row);
  }
  out.push_back('}');
}

}  // namespace popper

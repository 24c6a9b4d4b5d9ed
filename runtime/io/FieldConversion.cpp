// Field parsing and defaults shared by the Csv, Lines and Jsonl readers.
#include "runtime/io/FieldConversion.h"

#include <charconv>

#include <fast_float/fast_float.h>

#include "runtime/data/ValueText.h"

namespace popper {

bool appendParsedField(Column& c, std::string_view text, StringArena& arena) {
  const char* b = text.data();
  const char* e = b + text.size();
  switch (c.type) {
    case Type::Int: {
      if (b != e && *b == '+') ++b;
      int64_t v;
      auto r = std::from_chars(b, e, v);
      if (b == e || r.ec != std::errc() || r.ptr != e) return false;
      c.ints.push_back(v);
      return true;
    }
    case Type::Float: {
      if (b != e && *b == '+') ++b;
      double v;
      auto r = fast_float::from_chars(b, e, v);
      if (b == e || r.ec != std::errc() || r.ptr != e) return false;
      c.floats.push_back(v);
      return true;
    }
    case Type::Bool: {
      std::optional<bool> v = parseBool(text);
      if (!v) return false;
      c.bools.push_back(*v ? 1 : 0);
      return true;
    }
    case Type::String: c.strings.push_back(arena.store(text)); return true;
  }
  return false;
}

void appendDefault(Column& c, const ColumnInfo& info, StringArena& arena) {
  if (!info.defaultValue) return c.appendZero();
  const Literal& d = *info.defaultValue;
  switch (c.type) {
    case Type::Int: c.ints.push_back(d.type() == Type::Int ? d.asInt() : 0); return;
    case Type::Float:
      c.floats.push_back(d.type() == Type::Int ? static_cast<double>(d.asInt())
                                                : (d.type() == Type::Float ? d.asFloat() : 0.0));
      return;
    case Type::Bool: c.bools.push_back(d.type() == Type::Bool && d.asBool()); return;
    case Type::String: c.strings.push_back(d.type() == Type::String ? arena.store(d.asString()) : ""); return;
  }
}

std::string badFieldReason(std::string_view text, const ColumnInfo& info) {
  std::string shown(text.substr(0, 40));
  if (text.size() > 40) shown += "...";
  return "cannot parse '" + shown + "' as " + typeName(info.type) + " for column '" + info.name + "'";
}

void resetBatch(Batch& out, const SchemaPtr& schema, bool withLineage, size_t reserveRows) {
  if (out.schemaPtr() != schema || out.hasLineage() != withLineage) out = Batch(schema, withLineage);
  else out.clear();
  out.reserve(reserveRows);
}

void truncateColumns(Batch& out, size_t rows) {
  for (Column& c : out.columns) c.resize(rows);
}

}  // namespace popper

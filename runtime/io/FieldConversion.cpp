// Field parsing and defaults shared by the Csv, Lines and Jsonl readers.
#include "runtime/io/FieldConversion.h"

#include "runtime/data/ValueText.h"

namespace popper {

void appendDefault(Column& c, const ColumnInfo& info, StringArena& arena) {
  if (!info.defaultValue) return c.appendZero();
  const Literal& d = *info.defaultValue;
  switch (c.type) {
    case Type::Int:
      c.ints.push_back(d.type() == Type::Int ? d.asInt() : 0);
      return;
    case Type::Float:
      c.floats.push_back(d.type() == Type::Int ? static_cast<double>(d.asInt())
                                               : (d.type() == Type::Float ? d.asFloat() : 0.0));
      return;
    case Type::Bool:
      c.bools.push_back(d.type() == Type::Bool && d.asBool());
      return;
    case Type::String:
      c.strings.push_back(d.type() == Type::String ? arena.store(d.asString()) : "");
      return;
  }
}

std::string badFieldReason(std::string_view text, const ColumnInfo& info) {
  std::string shown(text.substr(0, 40));
  if (text.size() > 40) shown += "...";
  return "cannot parse '" + shown + "' as " + typeName(info.type) + " for column '" + info.name + "'";
}

void resetBatch(Batch& out, const SchemaPtr& schema, bool withLineage, size_t reserveRows) {
  if (out.schemaPtr() != schema || out.hasLineage() != withLineage)
    out = Batch(schema, withLineage);
  else
    out.clear();
  out.reserve(reserveRows);
}

void truncateColumns(Batch& out, size_t rows) {
  for (Column& c : out.columns) c.resize(rows);
}

}  // namespace popper

// Batch-backed rows, outputs and arguments for plugins (see PluginRows.h).
#include "runtime/plugin/PluginRows.h"

namespace popper::pluginhost {

int SchemaColumns::index(std::string_view column) const {
  for (size_t i = 0; i < schema_->size(); ++i)
    if ((*schema_)[i].name == column) return static_cast<int>(i);
  return -1;
}

const ColumnInfo& SchemaColumns::info(int column) const {
  if (column < 0 || static_cast<size_t>(column) >= schema_->size())
    throw PluginError("column index " + std::to_string(column) + " is out of range (" +
                      std::to_string(schema_->size()) + " columns)");
  return (*schema_)[static_cast<size_t>(column)];
}

Column& BatchRow::typed(int column, Type want) const {
  Type got = static_cast<Type>(columns_.type(column));  // checks the index
  if (got != want)
    throw PluginError("column '" + std::string(columns_.name(column)) + "' is " + typeName(got) + ", not " +
                      typeName(want));
  return batch_->column(static_cast<size_t>(column));
}

std::string_view BatchRow::getString(int column) const { return typed(column, Type::String).strings[row_]; }
int64_t BatchRow::getInt(int column) const { return typed(column, Type::Int).ints[row_]; }
double BatchRow::getFloat(int column) const { return typed(column, Type::Float).floats[row_]; }
bool BatchRow::getBool(int column) const { return typed(column, Type::Bool).bools[row_] != 0; }

void BatchRow::setString(int column, std::string_view value) {
  Column& c = typed(column, Type::String);
  c.strings[row_] = batch_->arena().store(value);
}
void BatchRow::setInt(int column, int64_t value) { typed(column, Type::Int).ints[row_] = value; }
void BatchRow::setFloat(int column, double value) { typed(column, Type::Float).floats[row_] = value; }
void BatchRow::setBool(int column, bool value) { typed(column, Type::Bool).bools[row_] = value ? 1 : 0; }

popper::RowBuilder& BatchOutput::add() {
  for (Column& c : out_.columns) c.appendZero();
  if (nextPosition_) out_.addRowMeta(RowId::make((*nextPosition_)++, sourceId_), kInsert);
  ++added_;
  current_.point(&out_, rows() - 1);
  return current_;
}

const popper::Row& SelectedRows::at(int i) const {
  if (i < 0 || static_cast<size_t>(i) >= rows_.size())
    throw PluginError("row " + std::to_string(i) + " is out of range (" + std::to_string(rows_.size()) +
                      " rows)");
  current_.point(&batch_, rows_[static_cast<size_t>(i)]);
  return current_;
}

const BoundArg* CallArgs::find(std::string_view name) const {
  for (const BoundArg& a : call_.args)
    if (a.name == name) return &a;
  return nullptr;
}

const Literal& CallArgs::literal(std::string_view name, Type want) const {
  const BoundArg* a = find(name);
  if (!a) throw PluginError("argument '" + std::string(name) + "' was not given");
  if (a->isColumn) throw PluginError("argument '" + std::string(name) + "' names a column, not a value");
  if (a->value.type() != want)
    throw PluginError("argument '" + std::string(name) + "' is " + typeName(a->value.type()) + ", not " +
                      typeName(want));
  return a->value;
}

std::string_view CallArgs::getString(std::string_view name) const {
  return literal(name, Type::String).asString();
}
int64_t CallArgs::getInt(std::string_view name) const { return literal(name, Type::Int).asInt(); }
bool CallArgs::getBool(std::string_view name) const { return literal(name, Type::Bool).asBool(); }
double CallArgs::getFloat(std::string_view name) const {
  const BoundArg* a = find(name);
  if (a && !a->isColumn && a->value.type() == Type::Int) return static_cast<double>(a->value.asInt());
  return literal(name, Type::Float).asFloat();
}

int CallArgs::column(std::string_view name) const {
  const BoundArg* a = find(name);
  return a && a->isColumn ? a->column : -1;
}

}  // namespace popper::pluginhost

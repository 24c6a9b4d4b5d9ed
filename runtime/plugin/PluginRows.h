// The plugin API's row, output and argument objects (include/popper/plugin.h)
// implemented over Popper's columnar batches and bound calls. Each is a thin
// view: no row is copied to hand it to an operator.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "compiler/sema/BoundProgram.h"
#include "include/popper/plugin.h"
#include "runtime/data/Batch.h"

namespace popper::pluginhost {

// Column names and types of a schema.
class SchemaColumns : public popper::Columns {
 public:
  explicit SchemaColumns(const Schema* schema = nullptr) : schema_(schema) {}
  void reset(const Schema* schema) { schema_ = schema; }
  int size() const override { return static_cast<int>(schema_->size()); }
  std::string_view name(int column) const override { return info(column).name; }
  ColumnType type(int column) const override { return static_cast<ColumnType>(info(column).type); }
  int index(std::string_view column) const override;

 protected:
  const ColumnInfo& info(int column) const;
  const Schema* schema_;
};

// Row `row` of a batch, read and (for builders) written in place.
class BatchRow final : public popper::RowBuilder {
 public:
  BatchRow() = default;
  BatchRow(Batch* batch, size_t row) { point(batch, row); }
  void point(const Batch* batch, size_t row) {
    batch_ = const_cast<Batch*>(batch);
    row_ = row;
    columns_.reset(&batch->schema());
  }

  int size() const override { return columns_.size(); }
  std::string_view name(int column) const override { return columns_.name(column); }
  ColumnType type(int column) const override { return columns_.type(column); }
  int index(std::string_view column) const override { return columns_.index(column); }

  std::string_view getString(int column) const override;
  int64_t getInt(int column) const override;
  double getFloat(int column) const override;
  bool getBool(int column) const override;

  // Only on rows of batches the runtime handed out for writing.
  void setString(int column, std::string_view value) override;
  void setInt(int column, int64_t value) override;
  void setFloat(int column, double value) override;
  void setBool(int column, bool value) override;

 private:
  Column& typed(int column, Type want) const;
  Batch* batch_ = nullptr;
  size_t row_ = 0;
  SchemaColumns columns_;
};

// Rows appended to the columns of a batch (schema = PRODUCE or EXTRACT's
// columns). `withMeta`: also give each row an id (extractors), numbered from
// `firstPosition` on.
class BatchOutput : public popper::Output {
 public:
  explicit BatchOutput(Batch& out) : out_(out), columns_(&out.schema()) {}
  void assignIds(uint64_t sourceId, uint64_t* nextPosition) {
    sourceId_ = sourceId;
    nextPosition_ = nextPosition;
  }
  const popper::Columns& columns() const override { return columns_; }
  popper::RowBuilder& add() override;
  size_t rows() const { return out_.columns.empty() ? added_ : out_.column(0).size(); }

 private:
  Batch& out_;
  SchemaColumns columns_;
  BatchRow current_;
  size_t added_ = 0;
  uint64_t sourceId_ = 0;
  uint64_t* nextPosition_ = nullptr;
};

// Selected rows of a batch.
class SelectedRows : public popper::Rows {
 public:
  SelectedRows(const Batch& batch, const Selection& rows) : batch_(batch), rows_(rows) {}
  int size() const override { return static_cast<int>(rows_.size()); }
  const popper::Row& at(int i) const override;

 private:
  const Batch& batch_;
  const Selection& rows_;
  mutable BatchRow current_;
};

// The bound arguments of a call.
class CallArgs : public popper::Args {
 public:
  explicit CallArgs(const BoundOpCall& call) : call_(call) {}
  bool has(std::string_view name) const override { return find(name) != nullptr; }
  std::string_view getString(std::string_view name) const override;
  int64_t getInt(std::string_view name) const override;
  double getFloat(std::string_view name) const override;
  bool getBool(std::string_view name) const override;
  int column(std::string_view name) const override;

 private:
  const BoundArg* find(std::string_view name) const;
  const Literal& literal(std::string_view name, Type want) const;
  const BoundOpCall& call_;
};

}  // namespace popper::pluginhost

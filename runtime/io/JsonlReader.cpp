// The Jsonl extractor: one JSON object per line; declared columns are looked
// up by name. An absent (or null) field takes the column's default, and
// without a default the row is an error; a field of the wrong JSON type is a
// row error (an int column takes only integral numbers, a float column any
// number). Blank lines are skipped; other fields are ignored.
#include <nlohmann/json.hpp>

#include "runtime/io/BatchReader.h"
#include "runtime/io/BlockInput.h"
#include "runtime/io/FieldConversion.h"

namespace popper {

namespace {

bool appendJsonValue(Column& c, const nlohmann::json& v, StringArena& arena) {
  switch (c.type) {
    case Type::Int:
      if (v.is_number_integer()) {
        if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) return false;
        c.ints.push_back(v.get<int64_t>());
        return true;
      }
      return false;
    case Type::Float:
      if (!v.is_number()) return false;
      c.floats.push_back(v.get<double>());
      return true;
    case Type::Bool:
      if (!v.is_boolean()) return false;
      c.bools.push_back(v.get<bool>() ? 1 : 0);
      return true;
    case Type::String:
      if (!v.is_string()) return false;
      c.strings.push_back(arena.store(v.get_ref<const std::string&>()));
      return true;
  }
  return false;
}

class JsonlReader : public BatchReader {
 public:
  JsonlReader(ReaderOptions options, std::unique_ptr<BlockInput> in)
      : o_(std::move(options)), in_(std::move(in)) {
    if (o_.materialize.empty()) o_.materialize.assign(o_.schema->size(), true);
  }

  Result<bool> next(Batch& out, std::vector<ReadError>& errors) override {
    resetBatch(out, o_.schema, o_.withLineage, o_.batchRows);
    size_t errorsAtStart = errors.size();
    while (out.size() < o_.batchRows && errors.size() - errorsAtStart < o_.batchRows) {
      std::string_view line;
      Result<bool> got = in_->nextLine(line);
      if (!got) return got.status();
      if (!*got) return !out.empty() || errors.size() != errorsAtStart;
      ++line_;
      if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
      ++records_;
      convert(line, out, errors);
    }
    return true;
  }
  uint64_t recordsRead() const override { return records_; }

 private:
  void convert(std::string_view line, Batch& out, std::vector<ReadError>& errors) {
    nlohmann::json obj = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (obj.is_discarded()) return errors.push_back({line_, "invalid JSON"});
    if (!obj.is_object()) return errors.push_back({line_, "expected a JSON object"});
    const Schema& schema = *o_.schema;
    size_t row = out.size();
    StringArena& arena = out.arena();
    for (size_t c = 0; c < schema.size(); ++c) {
      Column& col = out.columns[c];
      if (!o_.materialize[c]) {
        col.appendZero();
        continue;
      }
      auto it = obj.find(schema[c].name);
      if (it == obj.end() || it->is_null()) {
        if (schema[c].defaultValue) {
          appendDefault(col, schema[c], arena);
          continue;
        }
        truncateColumns(out, row);
        return errors.push_back({line_, "missing field '" + schema[c].name + "'"});
      }
      if (!appendJsonValue(col, *it, arena)) {
        truncateColumns(out, row);
        return errors.push_back(
            {line_, "field '" + schema[c].name + "' is not of type " + typeName(schema[c].type)});
      }
    }
    out.addRowMeta(RowId::make(line_, o_.sourceId), kInsert);
  }

  ReaderOptions o_;
  std::unique_ptr<BlockInput> in_;
  uint64_t line_ = 0;
  uint64_t records_ = 0;
};

}  // namespace

Result<std::unique_ptr<BatchReader>> openJsonlReader(const ReaderOptions& options) {
  auto in = BlockInput::open(options.path);
  if (!in) return in.status();
  return std::unique_ptr<BatchReader>(std::make_unique<JsonlReader>(options, std::move(in.value())));
}

Result<std::unique_ptr<BatchReader>> openExtractor(const BoundOpCall& call, ReaderOptions options) {
  if (const BoundArg* h = call.arg("header"); h && !h->isColumn) options.header = h->value.asBool();
  if (const BoundArg* d = call.arg("delimiter"); d && !d->isColumn) {
    const std::string& s = d->value.asString();
    if (s.size() != 1) return Status::invalidArgument("delimiter must be one character, got '" + s + "'");
    options.delimiter = s[0];
  }
  if (call.op == "Csv") return openCsvReader(options);
  if (call.op == "Lines") return openLinesReader(options);
  if (call.op == "Jsonl") return openJsonlReader(options);
  return Status::unsupported("unknown extractor '" + call.op + "'");
}

}  // namespace popper

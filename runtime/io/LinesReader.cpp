// The Lines extractor: each line of the file is one row; the first declared
// column (a string) gets the line without its line end, the other declared
// columns take their defaults. A final line without "\n" still counts.
#include "runtime/io/BatchReader.h"
#include "runtime/io/BlockInput.h"
#include "runtime/io/FieldConversion.h"

namespace popper {

namespace {

class LinesReader : public BatchReader {
 public:
  LinesReader(ReaderOptions options, std::unique_ptr<BlockInput> in)
      : o_(std::move(options)), in_(std::move(in)) {}

  Result<bool> next(Batch& out, std::vector<ReadError>&) override {
    resetBatch(out, o_.schema, o_.withLineage, o_.batchRows);
    const Schema& schema = *o_.schema;
    StringArena& arena = out.arena();
    while (out.size() < o_.batchRows) {
      std::string_view line;
      Result<bool> got = in_->nextLine(line);
      if (!got) return got.status();
      if (!*got) return !out.empty();
      ++line_;
      ++records_;
      out.columns[0].strings.push_back(arena.store(line));
      for (size_t c = 1; c < schema.size(); ++c) appendDefault(out.columns[c], schema[c], arena);
      out.addRowMeta(RowId::make(line_, o_.sourceId), kInsert);
    }
    return true;
  }
  uint64_t recordsRead() const override { return records_; }

 private:
  ReaderOptions o_;
  std::unique_ptr<BlockInput> in_;
  uint64_t line_ = 0;
  uint64_t records_ = 0;
};

}  // namespace

Result<std::unique_ptr<BatchReader>> openLinesReader(const ReaderOptions& options) {
  if (options.schema->empty() || (*options.schema)[0].type != Type::String)
    return Status::invalidArgument("Lines needs a first column of type string");
  auto in = BlockInput::open(options.path);
  if (!in) return in.status();
  return std::unique_ptr<BatchReader>(std::make_unique<LinesReader>(options, std::move(in.value())));
}

}  // namespace popper

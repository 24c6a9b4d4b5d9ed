// The built-in outputters: Csv, Jsonl, Lines and Changelog (formats in
// BatchWriter.h), all writing through a StagedFile of the run's FileTransaction.
#include <algorithm>
#include <functional>

#include "runtime/io/BatchWriter.h"
#include "runtime/io/CellText.h"

namespace popper {

namespace {

// A writer is its format: how rows are appended (the header, if any, is
// written when the file is opened).
class TextWriter : public BatchWriter {
 public:
  // Appends rows [begin, end) of a batch.
  using RowFormat = std::function<void(OutputBuffer&, const Batch&, size_t, size_t)>;
  static constexpr size_t kRowsPerCall = 256;

  TextWriter(StagedFile* file, RowFormat row) : file_(file), row_(std::move(row)) {}

  Status write(const Batch& batch) override {
    if (!file_) return Status::internal("write after finish or abort");
    OutputBuffer& out = file_->buffer();
    for (size_t r = 0; r < batch.size(); r += kRowsPerCall) {
      row_(out, batch, r, std::min(batch.size(), r + kRowsPerCall));
      if (Status s = file_->maybeFlush(); !s) return s;
    }
    return Status::ok();
  }
  Status finish() override {
    if (!file_) return Status::internal("finish after finish or abort");
    Status s = file_->flush();
    file_ = nullptr;
    return s;
  }
  void abort() override {
    if (file_) file_->abort();
    file_ = nullptr;
  }

 private:
  StagedFile* file_;  // owned by the run's FileTransaction
  RowFormat row_;
};

void appendCsvHeader(OutputBuffer& out, const Schema& schema, char delimiter, bool withWeight) {
  if (withWeight) {
    out.append("weight");
    if (!schema.empty()) out.push_back(delimiter);
  }
  for (size_t c = 0; c < schema.size(); ++c) {
    if (c) out.push_back(delimiter);
    appendCsvString(out, schema[c].name, delimiter, schema.size() == 1 && !withWeight);
  }
  out.push_back('\n');
}

void appendCsvRows(OutputBuffer& out, const Batch& b, size_t begin, size_t end, char delimiter) {
  size_t n = b.numColumns();
  for (size_t r = begin; r < end; ++r) {
    for (size_t c = 0; c < n; ++c) {
      if (c) out.push_back(delimiter);
      appendCsvCell(out, b.column(c), r, delimiter, n == 1);
    }
    out.push_back('\n');
  }
}

Result<StagedFile*> openFile(const WriterOptions& o) {
  if (!o.files) return Status::internal("writing '" + o.path + "' needs the run's FileTransaction");
  return o.files->stage(o.path);
}

}  // namespace

Result<std::unique_ptr<BatchWriter>> openCsvWriter(const WriterOptions& o) {
  auto file = openFile(o);
  if (!file) return file.status();
  if (o.header) appendCsvHeader((*file)->buffer(), *o.schema, o.delimiter, false);
  char d = o.delimiter;
  return std::unique_ptr<BatchWriter>(
      std::make_unique<TextWriter>(file.value(), [d](OutputBuffer& out, const Batch& b, size_t begin,
                                                     size_t end) { appendCsvRows(out, b, begin, end, d); }));
}

Result<std::unique_ptr<BatchWriter>> openChangelogWriter(const WriterOptions& o) {
  auto file = openFile(o);
  if (!file) return file.status();
  appendCsvHeader((*file)->buffer(), *o.schema, o.delimiter, true);
  char d = o.delimiter;
  return std::unique_ptr<BatchWriter>(std::make_unique<TextWriter>(
      file.value(), [d](OutputBuffer& out, const Batch& b, size_t begin, size_t end) {
        for (size_t r = begin; r < end; ++r) {
          out.push_back(b.weights[r] > 0 ? '+' : '-');
          if (b.numColumns()) out.push_back(d);
          for (size_t c = 0; c < b.numColumns(); ++c) {
            if (c) out.push_back(d);
            appendCsvCell(out, b.column(c), r, d, false);
          }
          out.push_back('\n');
        }
      }));
}

Result<std::unique_ptr<BatchWriter>> openJsonlWriter(const WriterOptions& o) {
  auto file = openFile(o);
  if (!file) return file.status();
  SchemaPtr schema = o.schema;
  return std::unique_ptr<BatchWriter>(std::make_unique<TextWriter>(
      file.value(), [schema](OutputBuffer& out, const Batch& b, size_t begin, size_t end) {
        for (size_t r = begin; r < end; ++r) {
          appendJsonObject(out, *schema, b, r);
          out.push_back('\n');
        }
      }));
}

Result<std::unique_ptr<BatchWriter>> openLinesWriter(const WriterOptions& o) {
  auto file = openFile(o);
  if (!file) return file.status();
  return std::unique_ptr<BatchWriter>(std::make_unique<TextWriter>(
      file.value(), [](OutputBuffer& out, const Batch& b, size_t begin, size_t end) {
        for (size_t r = begin; r < end; ++r) {
          for (size_t c = 0; c < b.numColumns(); ++c) {
            if (c) out.push_back('\t');
            appendPlainCell(out, b.column(c), r);
          }
          out.push_back('\n');
        }
      }));
}

Result<std::unique_ptr<BatchWriter>> openOutputter(const BoundOpCall& call, WriterOptions options) {
  if (const BoundArg* h = call.arg("header"); h && !h->isColumn) options.header = h->value.asBool();
  if (const BoundArg* d = call.arg("delimiter"); d && !d->isColumn) {
    const std::string& s = d->value.asString();
    if (s.size() != 1) return Status::invalidArgument("delimiter must be one character, got '" + s + "'");
    options.delimiter = s[0];
  }
  if (call.op == "Csv") return openCsvWriter(options);
  if (call.op == "Jsonl") return openJsonlWriter(options);
  if (call.op == "Lines") return openLinesWriter(options);
  if (call.op == "Changelog") return openChangelogWriter(options);
  return Status::unsupported("unknown outputter '" + call.op + "'");
}

}  // namespace popper

// BatchWriter: an outputter. Rows are written as they come (buffered) to a
// file staged in the run's FileTransaction: a temporary file beside the
// destination, renamed onto it when the run commits, so the destination never
// holds a partial file (standard output, a FIFO or a device is written in
// place, see OutputPlace.h). Write errors (unwritable folder, disk full) are
// Status errors naming the path.
//
// Formats:
//  Csv:       RFC 4180; a field is quoted only when it contains the delimiter,
//             a quote, CR or LF (or is empty while it is the row's only field);
//             quotes doubled; rows end in "\n"; optional header of column names
//  Jsonl:     one JSON object per row, keys in column order; floats as in to_string
//             (nan and infinities, which JSON lacks, are written as strings)
//  Lines:     the row's values as to_string formats them, separated by tabs
//  Changelog: CSV with a leading column "weight" holding "+" (insertion) or "-"
//             (retraction), then the row's columns; header always written
// Values print as to_string does: floats in shortest round-trip form.
#pragma once

#include <memory>
#include <string>

#include "common/Status.h"
#include "compiler/sema/BoundProgram.h"
#include "runtime/data/Batch.h"
#include "runtime/io/FileTransaction.h"

namespace popper {

struct WriterOptions {
  std::string path;                  // destination (its folder must exist); "-" is standard output
  FileTransaction* files = nullptr;  // the run's files: the writer stages its file there (required)
  SchemaPtr schema;                  // the columns written
  bool header = false;               // Csv
  char delimiter = ',';              // Csv, Changelog
};

class BatchWriter {
 public:
  virtual ~BatchWriter() = default;
  // Writes every row of `batch`. Csv/Jsonl/Lines write rows as given (the
  // caller passes only live rows, in output order); Changelog writes weights.
  virtual Status write(const Batch& batch) = 0;
  // Writes what the format still has to write and flushes it to the staged
  // file, which the run's FileTransaction commits with the run's other files.
  virtual Status finish() = 0;
  // Drops what was written (the staged temporary file is removed).
  virtual void abort() = 0;
};

Result<std::unique_ptr<BatchWriter>> openCsvWriter(const WriterOptions& options);
Result<std::unique_ptr<BatchWriter>> openJsonlWriter(const WriterOptions& options);
Result<std::unique_ptr<BatchWriter>> openLinesWriter(const WriterOptions& options);
Result<std::unique_ptr<BatchWriter>> openChangelogWriter(const WriterOptions& options);

// The built-in formats' factory (see openExtractor): picks the writer named
// by the OUTPUT's USING call and takes its arguments.
Result<std::unique_ptr<BatchWriter>> openOutputter(const BoundOpCall& call, WriterOptions options);

}  // namespace popper

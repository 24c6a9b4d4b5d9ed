// BatchWriter: an outputter. Rows are written as they come (buffered), to a
// temporary file in the destination folder; commit() flushes, closes and
// renames it to the destination, so the destination never holds a partial
// file. Destroying a writer that was not committed removes the temporary file.
// Write errors (unwritable folder, disk full) are Status errors naming the path.
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

namespace popper {

struct WriterOptions {
  std::string path;      // destination (its folder must exist)
  SchemaPtr schema;      // the columns written
  bool header = false;   // Csv
  char delimiter = ',';  // Csv, Changelog
};

class BatchWriter {
 public:
  virtual ~BatchWriter() = default;
  // Writes every row of `batch`. Csv/Jsonl/Lines write rows as given (the
  // caller passes only live rows, in output order); Changelog writes weights.
  virtual Status write(const Batch& batch) = 0;
  // Flushes and atomically renames the temporary file onto the destination.
  virtual Status commit() = 0;
  // Removes the temporary file (also done by the destructor if not committed).
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

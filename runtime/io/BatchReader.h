// BatchReader: a streaming extractor. Each next() fills a batch with up to
// kBatchRows rows read from the input, in file order, with bounded memory
// whatever the file size. Bad rows (malformed CSV, wrong field count, a value
// that does not parse as its column type, bad JSON) are not returned: they are
// reported as ReadErrors (1-based line of the record's start, reason) and
// reading continues.
//
// Row ids: RowId::make(line, sourceId) — the position is the record's first
// line, so a row id tells where in the file a row came from.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/Status.h"
#include "compiler/sema/BoundProgram.h"
#include "runtime/data/Batch.h"

namespace popper {

struct ReadError {
  uint64_t line = 0;
  std::string reason;  // e.g. "expected 3 fields, found 2"
};

struct ReaderOptions {
  std::string path;       // resolved file path
  SchemaPtr schema;       // the EXTRACT's declared columns (with defaults)
  uint64_t sourceId = 0;  // RowId source field of the rows produced
  // Projection pushdown: materialize[i] false means column i is not read or
  // converted (it is filled with its type's zero). Empty = all columns.
  std::vector<bool> materialize;
  bool withLineage = false;  // produce batches with lineage on (source rows have no parents)
  size_t batchRows = kBatchRows;
  // Csv
  bool header = false;
  char delimiter = ',';
};

class BatchReader {
 public:
  virtual ~BatchReader() = default;
  // Clears `out` and fills it with the next rows. Returns false once the input
  // is exhausted (out is then empty); a true return may carry an empty batch
  // when every row read was bad (errors are handed out at least every
  // batchRows records, so they never pile up). An IO error is a Status.
  virtual Result<bool> next(Batch& out, std::vector<ReadError>& errors) = 0;
  // Records read so far (good and bad), for the run summary.
  virtual uint64_t recordsRead() const = 0;
};

// Opens the file; a missing or unreadable file is an error naming the path.
Result<std::unique_ptr<BatchReader>> openLinesReader(const ReaderOptions& options);
Result<std::unique_ptr<BatchReader>> openCsvReader(const ReaderOptions& options);
Result<std::unique_ptr<BatchReader>> openJsonlReader(const ReaderOptions& options);

// The built-in formats' factory (registered in the OperatorCatalog by
// ops::registerBuiltinOperators): picks the reader named by the EXTRACT's
// USING call ("Lines", "Csv", "Jsonl") and takes its arguments (header,
// delimiter) from the call.
Result<std::unique_ptr<BatchReader>> openExtractor(const BoundOpCall& call, ReaderOptions options);

}  // namespace popper

// RejectSink: the run's rejected rows (docs/language.md, "Outputs, errors and determinism"), shared by every
// operator (thread-safe). Enforces max_rejects; at the end of a successful
// run stages rejects.jsonl in the run's FileTransaction (committed with the
// outputs), one JSON object per line {source, line, node, reason}, sorted so
// the file is the same whatever the thread count.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "common/Status.h"
#include "runtime/io/FileTransaction.h"

namespace popper::exec {

struct RejectRecord {
  std::string source;  // the input file as written in the workflow
  uint64_t line = 0;
  std::string node;  // the rowset that failed
  std::string reason;
  std::string row;  // the row as a JSON object (a handler's rejects), else empty
};

class RejectSink {
 public:
  explicit RejectSink(int64_t maxRejects) : maxRejects_(maxRejects) {}
  // Records a reject; fails once the count exceeds max_rejects.
  Status add(RejectRecord record);
  uint64_t count() const;
  // Stages every record in a file at `path` (nothing when there are none).
  Status stage(FileTransaction& files, const std::string& path);
  std::vector<RejectRecord> sorted() const;

 private:
  mutable std::mutex mu_;
  std::vector<RejectRecord> records_;
  int64_t maxRejects_;
};

}  // namespace popper::exec

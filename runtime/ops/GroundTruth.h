// GroundTruth: scoring an OUTPUT against a ground-truth CSV (EVALUATE AGAINST).
// The output's rows and the file's rows are compared as multisets on the
// compared columns, by value: the file's fields are parsed with the output
// columns' types, so "0.50" in the file matches an output float 0.5.
//   true positives = |output ∩ truth| (multiset intersection)
//   precision = tp / |output|, recall = tp / |truth|, F1 their harmonic mean;
//   0/0 counts as 1 (an empty output claims nothing wrong; an empty truth has
//   nothing to find), and F1 is 0 when precision + recall is 0.
// Output rows are counted as they are written, so a streaming output needs no
// copy of its rows: memory is the ground truth's distinct keys.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/Status.h"
#include "compiler/sema/BoundProgram.h"
#include "runtime/data/Batch.h"

namespace popper::ops {

struct EvaluationScore {
  std::string groundTruth;  // the path as written in the workflow
  uint64_t outputRows = 0;
  uint64_t truthRows = 0;
  uint64_t truePositives = 0;

  double precision() const;
  double recall() const;
  double f1() const;
};

// The header of a CSV file (the first line's fields, RFC 4180 quoting, a
// UTF-8 byte order mark skipped). A missing or unreadable file, or an empty
// one, is an error naming `path`.
Result<std::vector<std::string>> readCsvHeader(const std::string& path);

// Why `header` does not fit the evaluation, or nullopt when it does: every
// compared column must be in it, once; without ON it must name exactly the
// output's columns. `shownPath` is the path as the workflow wrote it.
struct HeaderProblem {
  std::string message;
  int missingColumn = -1;  // index into eval.columns when a compared column is missing, else -1
};
std::optional<HeaderProblem> groundTruthHeaderProblem(const std::vector<std::string>& header,
                                                      const BoundEvaluation& eval,
                                                      const std::string& shownPath);

class GroundTruth {
 public:
  // Reads the whole file at `path` (its header checked as above, every field
  // parsed with the type of the output column of the same name); a bad row is
  // an error naming the file and line. `outputSchema` is the output's columns.
  static Result<GroundTruth> load(const std::string& path, const BoundEvaluation& eval,
                                  const Schema& outputSchema);

  // Counts the rows of `rows` (the output's columns, every row live) as output.
  void count(const Batch& rows);
  EvaluationScore score() const { return score_; }

 private:
  // The compared values of one row as text: a length before each value, so no
  // two different rows share a key.
  const std::string& keyOf(const Batch& rows, const std::vector<int>& columns, size_t row);

  std::vector<int> columns_;  // compared columns' indices in the output (and in the rows read from the file)
  std::unordered_map<std::string, uint64_t> unmatched_;  // truth rows not matched yet, by key
  EvaluationScore score_;
  std::string key_;  // scratch
};

}  // namespace popper::ops

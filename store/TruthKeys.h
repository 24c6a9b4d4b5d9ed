// The ground-truth side of `popper runs diff`: which rows of an output are in
// the truth file, compared on the evaluation's key columns as CSV fields.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "common/CsvLine.h"
#include "store/Store.h"

namespace popper::store {

uint64_t hashBytes(std::string_view bytes);

class TruthKeys {
 public:
  // Loads the key hashes of the output's ground truth; none (judged() false)
  // for an output without one or in a format other than Csv or Lines.
  static Result<TruthKeys> load(Database& db, const OutputRecord& output);
  bool judged() const { return judged_; }
  bool contains(std::string_view outputLine) const;

 private:
  uint64_t keyOf(const std::vector<std::string>& fields, const std::vector<int>& picks) const;
  bool judged_ = false;
  bool lines_ = false;                 // a Lines output: the whole line is the one column
  std::vector<int> outputPicks_;       // key columns' indexes in the output's columns
  std::unordered_set<uint64_t> keys_;  // hashes of the truth's key fields
};

}  // namespace popper::store

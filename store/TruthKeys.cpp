#include "store/TruthKeys.h"

#include <fmt/format.h>

#include <algorithm>

#include "store/Blobs.h"

namespace popper::store {

namespace {

std::string_view withoutCr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

uint64_t hashBytes(std::string_view bytes) {  // FNV-1a, then a final mix
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ULL;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

uint64_t TruthKeys::keyOf(const std::vector<std::string>& fields, const std::vector<int>& picks) const {
  std::string key;
  for (int i : picks) {
    if (i < static_cast<int>(fields.size())) key += fields[static_cast<size_t>(i)];
    key += '\x1f';
  }
  return hashBytes(key);
}

Result<TruthKeys> TruthKeys::load(Database& db, const OutputRecord& output) {
  TruthKeys t;
  if (output.truthBlob.empty() || output.keyColumns.empty()) return t;
  if (output.format != "Csv" && output.format != "Lines") return t;
  t.lines_ = output.format == "Lines";
  for (const std::string& k : output.keyColumns) {
    auto it = std::find(output.columns.begin(), output.columns.end(), k);
    if (it == output.columns.end()) return t;
    t.outputPicks_.push_back(static_cast<int>(it - output.columns.begin()));
  }
  std::vector<int> truthPicks;
  bool first = true;
  Status st = readBlobLines(db, output.truthBlob, [&](std::string_view line) -> Status {
    std::vector<std::string> fields = splitCsvLine(withoutCr(line));
    if (first) {
      first = false;
      if (!fields.empty() && fields[0].rfind("\xEF\xBB\xBF", 0) == 0) fields[0].erase(0, 3);
      for (const std::string& k : output.keyColumns) {
        auto it = std::find(fields.begin(), fields.end(), k);
        if (it == fields.end())
          return Status::invalidArgument(
              fmt::format("the ground truth {} has no column '{}'", output.truthPath, k));
        truthPicks.push_back(static_cast<int>(it - fields.begin()));
      }
      return Status::ok();
    }
    t.keys_.insert(t.keyOf(fields, truthPicks));
    return Status::ok();
  });
  if (!st) return st;
  t.judged_ = true;
  return t;
}

bool TruthKeys::contains(std::string_view outputLine) const {
  if (!judged_) return false;
  if (lines_) {
    std::string key(withoutCr(outputLine));
    key += '\x1f';
    return keys_.count(hashBytes(key)) > 0;
  }
  return keys_.count(keyOf(splitCsvLine(withoutCr(outputLine)), outputPicks_)) > 0;
}

}  // namespace popper::store

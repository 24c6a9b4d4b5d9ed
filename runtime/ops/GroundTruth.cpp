// Ground-truth scoring (see GroundTruth.h).
#include "runtime/ops/GroundTruth.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <set>

#include "common/CsvLine.h"
#include "runtime/data/ValueText.h"
#include "runtime/io/BatchReader.h"

namespace popper::ops {

namespace {

double ratio(uint64_t part, uint64_t whole) {
  return whole == 0 ? 1.0 : static_cast<double>(part) / static_cast<double>(whole);
}

std::string joinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

double EvaluationScore::precision() const { return ratio(truePositives, outputRows); }
double EvaluationScore::recall() const { return ratio(truePositives, truthRows); }
double EvaluationScore::f1() const {
  double p = precision(), r = recall();
  return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}

Result<std::vector<std::string>> readCsvHeader(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::notFound("cannot open ground truth '" + path + "'");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) return splitCsvLine(line);
  }
  return Status::invalidArgument("ground truth '" + path + "' is empty: it needs a header line");
}

std::optional<HeaderProblem> groundTruthHeaderProblem(const std::vector<std::string>& header,
                                                      const BoundEvaluation& eval,
                                                      const std::string& shownPath) {
  std::set<std::string> names;
  for (const std::string& name : header)
    if (!names.insert(name).second)
      return HeaderProblem{
          fmt::format("ground truth '{}' names column '{}' twice in its header", shownPath, name)};
  for (size_t i = 0; i < eval.columns.size(); ++i)
    if (!names.count(eval.columns[i]))
      return HeaderProblem{fmt::format("ground truth '{}' has no column '{}' (its header: {})", shownPath,
                                       eval.columns[i], joinNames(header)),
                           static_cast<int>(i)};
  if (eval.allColumns)
    for (const std::string& name : header)
      if (std::find(eval.columns.begin(), eval.columns.end(), name) == eval.columns.end())
        return HeaderProblem{
            fmt::format("ground truth '{}' has column '{}', which the output does not (its columns: "
                        "{}); compare on some columns with ON",
                        shownPath, name, joinNames(eval.columns))};
  return std::nullopt;
}

Result<GroundTruth> GroundTruth::load(const std::string& path, const BoundEvaluation& eval,
                                      const Schema& outputSchema) {
  auto header = readCsvHeader(path);
  if (!header) return header.status();
  if (auto problem = groundTruthHeaderProblem(*header, eval, eval.groundTruth))
    return Status::invalidArgument(problem->message);

  GroundTruth truth;
  truth.score_.groundTruth = eval.groundTruth;
  Schema compared;
  std::vector<int> readColumns;
  for (const std::string& name : eval.columns) {
    int c = findColumn(outputSchema, name);
    if (c < 0) return Status::internal("evaluated column '" + name + "' is not in the output");
    truth.columns_.push_back(c);
    compared.push_back({name, outputSchema[static_cast<size_t>(c)].type, std::nullopt});
    readColumns.push_back(static_cast<int>(readColumns.size()));
  }
  ReaderOptions options;
  options.path = path;
  options.schema = std::make_shared<const Schema>(std::move(compared));
  options.header = true;
  auto reader = openCsvReader(options);
  if (!reader) return reader.status();
  Batch rows(options.schema);
  std::vector<ReadError> errors;
  while (true) {
    auto more = (*reader)->next(rows, errors);
    if (!more) return more.status();
    if (!errors.empty())
      return Status::invalidArgument(fmt::format("ground truth '{}' line {}: {}", eval.groundTruth,
                                                 errors.front().line, errors.front().reason));
    for (size_t r = 0; r < rows.size(); ++r) ++truth.unmatched_[truth.keyOf(rows, readColumns, r)];
    truth.score_.truthRows += rows.size();
    if (!*more) break;
  }
  return truth;
}

const std::string& GroundTruth::keyOf(const Batch& rows, const std::vector<int>& columns, size_t row) {
  key_.clear();
  std::string value;
  for (int c : columns) {
    value.clear();
    appendValueText(value, cellAt(rows.column(static_cast<size_t>(c)), row));
    key_ += std::to_string(value.size());
    key_ += ':';
    key_ += value;
  }
  return key_;
}

void GroundTruth::count(const Batch& rows) {
  for (size_t r = 0; r < rows.size(); ++r) {
    auto it = unmatched_.find(keyOf(rows, columns_, r));
    if (it != unmatched_.end() && it->second > 0) {
      --it->second;
      ++score_.truePositives;
    }
  }
  score_.outputRows += rows.size();
}

}  // namespace popper::ops

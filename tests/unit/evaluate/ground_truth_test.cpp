// Scoring outputs against ground truth (runtime/ops/GroundTruth.h): multiset
// matching, typed comparison, the header rules and the score's edge cases.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "runtime/ops/GroundTruth.h"
#include "tests/unit/runtime_ops/ops_test_support.h"

using namespace popper;
using namespace popper::ops;
using popper::ops::test::Row;

namespace {

// A CSV file in a fresh temporary folder, removed with the object.
struct TruthFile {
  std::filesystem::path folder;
  std::string path;
  explicit TruthFile(const std::string& text) {
    folder = std::filesystem::temp_directory_path() / ("popper_gt_" + std::to_string(getpid()));
    std::filesystem::create_directories(folder);
    path = (folder / "gt.csv").string();
    std::ofstream(path, std::ios::binary) << text;
  }
  ~TruthFile() { std::filesystem::remove_all(folder); }
};

BoundEvaluation evaluation(std::vector<std::string> columns, bool allColumns) {
  BoundEvaluation e;
  e.groundTruth = "gt.csv";
  e.columns = std::move(columns);
  e.allColumns = allColumns;
  return e;
}

Batch rowsOf(const Schema& schema, const std::vector<Row>& rows) {
  std::vector<uint64_t> positions;
  for (size_t i = 0; i < rows.size(); ++i) positions.push_back(i + 1);
  return test::makeDelta(schema, rows, positions, std::vector<Weight>(rows.size(), 1)).rows;
}

}  // namespace

TEST_CASE("rows are matched as multisets on the compared columns") {
  TruthFile file("line,label\na,pos\na,pos\nb,neg\nc,pos\n");
  Schema schema = test::schemaOf({{"line", Type::String}, {"label", Type::String}});
  auto truth = GroundTruth::load(file.path, evaluation({"line", "label"}, true), schema);
  REQUIRE(truth.isOk());
  // "a,pos" three times against two in the truth: two match; "b,pos" has the wrong label.
  truth->count(
      rowsOf(schema, {{std::string("a"), std::string("pos")}, {std::string("a"), std::string("pos")}}));
  truth->count(rowsOf(schema, {{std::string("a"), std::string("pos")},
                               {std::string("b"), std::string("pos")},
                               {std::string("c"), std::string("pos")}}));
  EvaluationScore s = truth->score();
  CHECK(s.outputRows == 5);
  CHECK(s.truthRows == 4);
  CHECK(s.truePositives == 3);
  CHECK(s.precision() == doctest::Approx(0.6));
  CHECK(s.recall() == doctest::Approx(0.75));
  CHECK(s.f1() == doctest::Approx(2 * 0.6 * 0.75 / 1.35));
  CHECK(s.groundTruth == "gt.csv");
}

TEST_CASE("ON compares only the listed columns, parsed with the output's types") {
  // The file's columns come in another order, with an extra one; 0.50 is the float 0.5.
  TruthFile file("note,score,id\nx,0.50,1\ny,2,2\n");
  Schema schema = test::schemaOf({{"id", Type::Int}, {"score", Type::Float}, {"text", Type::String}});
  auto truth = GroundTruth::load(file.path, evaluation({"id", "score"}, false), schema);
  REQUIRE(truth.isOk());
  truth->count(
      rowsOf(schema, {{int64_t{1}, 0.5, std::string("whatever")}, {int64_t{2}, 2.5, std::string("z")}}));
  EvaluationScore s = truth->score();
  CHECK(s.truePositives == 1);
  CHECK(s.precision() == doctest::Approx(0.5));
  CHECK(s.recall() == doctest::Approx(0.5));
}

TEST_CASE("empty outputs and empty ground truth") {
  Schema schema = test::schemaOf({{"line", Type::String}});
  SUBCASE("an empty output claims nothing wrong but finds nothing") {
    TruthFile file("line\na\n");
    auto truth = GroundTruth::load(file.path, evaluation({"line"}, true), schema);
    REQUIRE(truth.isOk());
    EvaluationScore s = truth->score();
    CHECK(s.precision() == 1.0);
    CHECK(s.recall() == 0.0);
    CHECK(s.f1() == 0.0);
  }
  SUBCASE("both empty: perfect") {
    TruthFile file("line\n");
    auto truth = GroundTruth::load(file.path, evaluation({"line"}, true), schema);
    REQUIRE(truth.isOk());
    CHECK(truth->score().f1() == 1.0);
  }
}

TEST_CASE("the header must fit the compared columns") {
  BoundEvaluation all = evaluation({"line", "label"}, true);
  CHECK_FALSE(groundTruthHeaderProblem({"label", "line"}, all, "gt.csv"));
  auto missing = groundTruthHeaderProblem({"line", "sentiment"}, all, "gt.csv");
  REQUIRE(missing);
  CHECK(missing->message == "ground truth 'gt.csv' has no column 'label' (its header: line, sentiment)");
  CHECK(missing->missingColumn == 1);
  auto extra = groundTruthHeaderProblem({"line", "label", "lang"}, all, "gt.csv");
  REQUIRE(extra);
  CHECK(extra->missingColumn == -1);
  CHECK(extra->message.find("has column 'lang', which the output does not") != std::string::npos);
  // With ON, other columns are allowed; a repeated name never is.
  CHECK_FALSE(groundTruthHeaderProblem({"line", "label", "lang"}, evaluation({"line"}, false), "gt.csv"));
  auto twice = groundTruthHeaderProblem({"line", "line"}, evaluation({"line"}, false), "gt.csv");
  REQUIRE(twice);
  CHECK(twice->message == "ground truth 'gt.csv' names column 'line' twice in its header");
}

TEST_CASE("readCsvHeader: quoting, a byte order mark, CRLF; missing and empty files") {
  TruthFile file("\xEF\xBB\xBF\"line\",\"a \"\"b\"\", c\"\r\nx,y\r\n");
  auto header = readCsvHeader(file.path);
  REQUIRE(header.isOk());
  CHECK(*header == std::vector<std::string>{"line", "a \"b\", c"});
  CHECK_FALSE(readCsvHeader(file.path + ".missing").isOk());
  TruthFile empty("");
  auto none = readCsvHeader(empty.path);
  REQUIRE_FALSE(none.isOk());
  CHECK(none.status().message().find("is empty") != std::string::npos);
}

TEST_CASE("a ground-truth value that does not parse as the column's type names the line") {
  TruthFile file("id\n1\ntwo\n");
  Schema schema = test::schemaOf({{"id", Type::Int}});
  auto truth = GroundTruth::load(file.path, evaluation({"id"}, true), schema);
  REQUIRE_FALSE(truth.isOk());
  CHECK(truth.status().message().find("ground truth 'gt.csv' line 3") == 0);
}

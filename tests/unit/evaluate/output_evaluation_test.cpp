// An evaluated OUTPUT counts only the rows it finally writes: in a
// materialized output, a retracted row is neither an output row nor a match.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "runtime/ops/OutputOp.h"
#include "tests/support/TestCatalog.h"
#include "tests/unit/runtime_ops/ops_test_support.h"

using namespace popper;
using namespace popper::ops;

namespace {

struct Folder {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("popper_output_eval_" + std::to_string(getpid()));
  Folder() { std::filesystem::create_directories(path); }
  ~Folder() { std::filesystem::remove_all(path); }
};

plan::PlanNode outputNode(const Schema& schema) {
  plan::OutputNode out;
  out.path = "out.csv";
  out.outputter.op = "Csv";
  BoundEvaluation eval;
  eval.groundTruth = "gt.csv";
  eval.columns = {"line"};
  out.evaluate = eval;
  plan::Dataflow flow = test::flowWith({schema}, out, schema);
  return flow.nodes.back();
}

}  // namespace

TEST_CASE("a materialized evaluated output scores its live rows only") {
  Folder folder;
  std::ofstream((folder.path / "gt.csv").string()) << "line\na\nb\n";
  Schema schema = test::schemaOf({{"line", Type::String}});
  FileTransaction files;
  OutputSettings settings;
  settings.path = (folder.path / "out.csv").string();
  settings.files = &files;
  settings.groundTruthPath = (folder.path / "gt.csv").string();
  auto op = OutputOp::open(outputNode(schema), testing::testCatalog(), settings);
  REQUIRE(op.isOk());
  test::RecordingContext ctx;
  using test::Row;
  REQUIRE((*op)
              ->consume(0,
                        test::makeDelta(schema,
                                        {Row{std::string("a")}, Row{std::string("x")}, Row{std::string("b")}},
                                        {1, 2, 3}, {1, 1, 1}),
                        ctx)
              .isOk());
  // b is retracted again, as a handler's correction would.
  REQUIRE((*op)->consume(0, test::makeDelta(schema, {Row{std::string("b")}}, {3}, {-1}), ctx).isOk());
  REQUIRE((*op)->finish(ctx).isOk());
  auto score = (*op)->evaluation();
  REQUIRE(score);
  CHECK((*op)->rowsWritten() == 2);
  CHECK(score->outputRows == 2);
  CHECK(score->truthRows == 2);
  CHECK(score->truePositives == 1);
  CHECK(score->precision() == doctest::Approx(0.5));
  CHECK(score->recall() == doctest::Approx(0.5));
  (*op)->abort();
}

TEST_CASE("an output whose ground truth is missing does not open") {
  Folder folder;
  Schema schema = test::schemaOf({{"line", Type::String}});
  FileTransaction files;
  OutputSettings settings;
  settings.path = (folder.path / "out.csv").string();
  settings.files = &files;
  settings.groundTruthPath = (folder.path / "missing.csv").string();
  auto op = OutputOp::open(outputNode(schema), testing::testCatalog(), settings);
  REQUIRE_FALSE(op.isOk());
  CHECK(op.status().message().find("cannot open ground truth") != std::string::npos);
}

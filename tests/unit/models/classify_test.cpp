// Classify on libfasttext with a tiny model trained here by the fasttext
// tool, and Sentiment on the model trained at build time, measured on the
// held-out sentences it never saw (runtime/models/data/reviews_heldout.tsv).
// A relative model path resolves against the workflow's folder.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "model_test_support.h"

using namespace popper;
using namespace popper::models::test;

TEST_CASE("Classify loads a fastText model and returns its best label without the prefix") {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "popper-classify-test";
  std::filesystem::create_directories(dir);
  {
    std::ofstream train(dir / "train.txt");
    for (int i = 0; i < 20; ++i)
      train << "__label__fruit apple banana cherry pear\n__label__tool hammer wrench saw drill\n";
  }
  std::string cmd = "fasttext supervised -input " + (dir / "train.txt").string() + " -output " +
                    (dir / "tiny").string() + " -epoch 20 -dim 5 -thread 1 -verbose 0 > /dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);

  ModelHarness h("Classify", {"line"}, 0, {{"model", Literal{(dir / "tiny.bin").string()}}},
                 {{"label", Type::String}, {"score", Type::Float}});
  auto op = h.make();
  REQUIRE(op.isOk());
  ModelRun run = h.run(**op, {{"banana and pear"}, {"a hammer"}});
  REQUIRE(run.rows.size() == 2);
  CHECK(run.rows[0][0] == "fruit");
  CHECK(run.rows[1][0] == "tool");
  CHECK(std::stod(run.rows[0][1]) > 0.5);

  ModelHarness missing("Classify", {"line"}, 0, {{"model", Literal{std::string("/nonexistent/model.bin")}}},
                       {{"label", Type::String}});
  auto bad = missing.make();
  REQUIRE_FALSE(bad.isOk());
  CHECK(bad.status().message() == "Classify cannot find model file '/nonexistent/model.bin'");

  // A relative model path is found beside the workflow, not in the current folder.
  ModelHarness relative("Classify", {"line"}, 0, {{"model", Literal{std::string("tiny.bin")}}},
                        {{"label", Type::String}});
  relative.setWorkflowDir(dir.string());
  auto beside = relative.make();
  REQUIRE(beside.isOk());
  CHECK(relative.run(**beside, {{"a saw"}}).rows[0][0] == "tool");
  relative.setWorkflowDir("/nonexistent/flows");
  auto elsewhere = relative.make();
  REQUIRE_FALSE(elsewhere.isOk());
  CHECK(elsewhere.status().message() == "Classify cannot find model file '/nonexistent/flows/tiny.bin'");
  std::filesystem::remove_all(dir);
}

TEST_CASE("Sentiment is at least 85% accurate on the held-out review sentences") {
  ModelHarness h("Sentiment", {"line"}, 0, {}, {{"sentiment", Type::String}, {"confidence", Type::Float}});
  auto op = h.make();
  REQUIRE(op.isOk());
  std::ifstream heldout(std::string(POPPER_SOURCE_DIR) + "/runtime/models/data/reviews_heldout.tsv");
  REQUIRE(heldout);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> labels;
  std::string line;
  while (std::getline(heldout, line)) {
    size_t tab = line.find('\t');
    labels.push_back(line.substr(0, tab));
    rows.push_back({line.substr(tab + 1)});
  }
  REQUIRE(rows.size() >= 80);
  ModelRun run = h.run(**op, rows);
  REQUIRE(run.rows.size() == rows.size());
  size_t correct = 0;
  for (size_t i = 0; i < rows.size(); ++i) correct += run.rows[i][0] == labels[i];
  double accuracy = static_cast<double>(correct) / static_cast<double>(rows.size());
  MESSAGE("sentiment held-out accuracy: " << accuracy << " (" << correct << "/" << rows.size() << ")");
  CHECK(accuracy >= 0.85);
}

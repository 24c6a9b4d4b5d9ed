// NoisyTranslate, the test translator with seeded synthetic errors behind the
// exercise-3 handler golden (tests/golden/handlers/exercise3_noisy): about
// error_rate of the rows come back untranslated, the others get the pair's
// target tag, and which rows fail depends on the seed and the text only (not
// on batching or threads).
#include <doctest/doctest.h>

#include "../runtime_exec/exec_test_support.h"
#include "tests/support/TestCatalog.h"

using namespace popper;
using namespace popper::exec;
using namespace popper::engine;
using namespace popper::exec::test;

namespace {

std::string translate(const std::filesystem::path& dir, const std::string& seed, size_t batchSize,
                      int threads) {
  plan::PhysicalPlan plan = planText(
      "lines = EXTRACT line:string FROM \"lines.txt\" USING Lines();\n"
      "x = PROCESS lines USING NoisyTranslate(text: line, pair: \"es-en\", error_rate: 0.1, seed: " +
      seed +
      ") PRODUCE line_en:string;\n"
      "OUTPUT x TO \"x.csv\" USING Csv();\n");
  RunOptions options;
  options.workflowDir = dir.string();
  options.outDir = (dir / "out").string();
  options.batchSize = batchSize;
  options.threads = threads;
  RunReport report = runPlan(plan, options, testing::testHooks());
  REQUIRE_MESSAGE(report.status.isOk(), report.status.message());
  return readFile(dir / "out" / "x.csv");
}

}  // namespace

TEST_CASE("NoisyTranslate leaves a seeded tenth of the rows untranslated, the same for any batching") {
  auto dir = scratchDir("noisy");
  std::string lines;
  for (int i = 0; i < 2000; ++i) lines += "es:frase numero " + std::to_string(i) + "\n";
  writeFile(dir / "lines.txt", lines);
  std::string out = translate(dir, "7", 2048, 1);
  CHECK(translate(dir, "7", 1, 4) == out);
  int untranslated = 0, translated = 0;
  std::istringstream rows(out);
  for (std::string row; std::getline(rows, row);) {
    auto comma = row.find(',');
    std::string line = row.substr(0, comma), en = row.substr(comma + 1);
    if (en == line)
      ++untranslated;
    else if (en == "en:" + line.substr(3))
      ++translated;
  }
  CHECK(untranslated + translated == 2000);
  CHECK(untranslated > 140);  // 10% of 2000 is 200; the hash is near uniform
  CHECK(untranslated < 260);
  // Another seed picks other rows.
  CHECK(translate(dir, "8", 2048, 1) != out);
  std::filesystem::remove_all(dir);
}

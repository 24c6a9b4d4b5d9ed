// End-to-end engine tests: diamonds (one extractor feeding both sides of a
// join and of a union) under tiny queues and batches, byte-identical outputs
// for 1, 2 and 4 threads on a generated workflow, and run failures (missing
// input, max_rejects) leaving no output file behind.
#include <doctest/doctest.h>

#include <random>

#include "exec_test_support.h"
#include "tests/support/TestCatalog.h"

using namespace popper;
using namespace popper::exec;
using namespace popper::engine;
using namespace popper::exec::test;

namespace {

// Options that read inputs from `dir` and write outputs to a fresh `dir/<outName>`.
RunOptions optionsIn(const std::filesystem::path& dir, const std::string& outName = "out") {
  RunOptions options;
  options.workflowDir = dir.string();
  options.outDir = (dir / outName).string();
  std::filesystem::create_directories(options.outDir);
  return options;
}

std::map<std::string, std::string> runIn(const std::filesystem::path& dir, const std::string& workflow,
                                         int threads, size_t batchSize, size_t queueBatches,
                                         RunReport* reportOut = nullptr) {
  plan::PhysicalPlan plan = planText(workflow);
  RunOptions options = optionsIn(dir, "out" + std::to_string(threads));
  options.threads = threads;
  options.batchSize = batchSize;
  options.queueBatches = queueBatches;
  RunReport report = runPlan(plan, options, testing::testHooks());
  if (reportOut) *reportOut = report;
  REQUIRE_MESSAGE(report.status.isOk(), report.status.message());
  return filesUnder(options.outDir);
}

}  // namespace

TEST_CASE("an extractor feeding both sides of a join and a union runs to completion with tiny queues") {
  auto dir = scratchDir("diamond");
  std::string data = "id,k\n";
  for (int i = 0; i < 300; ++i) data += std::to_string(i) + "," + std::to_string(i % 7) + "\n";
  writeFile(dir / "t.csv", data);
  std::string wf = R"(
    t = EXTRACT id:int, k:int FROM "t.csv" USING Csv(header: true);
    j = SELECT a.id, b.id AS other FROM t AS a JOIN t AS b ON a.k == b.k WHERE a.id < 20;
    u = UNION t, t;
    OUTPUT j TO "j.csv" USING Csv();
    OUTPUT u TO "u.csv" USING Csv();
  )";
  for (int threads : {1, 2, 4}) {
    RunReport report;
    auto files = runIn(dir, wf, threads, 3, 1, &report);
    REQUIRE(files.count("u.csv") == 1);
    // A union lists its first input's rows, then its second's.
    std::string once = data.substr(data.find('\n') + 1);
    CHECK(files["u.csv"] == once + once);
    // Each of the 20 left rows joins with the ~43 rows sharing its key.
    size_t lines = static_cast<size_t>(std::count(files["j.csv"].begin(), files["j.csv"].end(), '\n'));
    size_t expected = 0;
    for (int i = 0; i < 20; ++i)
      for (int j = 0; j < 300; ++j) expected += (i % 7 == j % 7);
    CHECK(lines == expected);
    CHECK(files["j.csv"].rfind("0,0\n0,7\n", 0) == 0);  // left row first, then right rows in file order
  }
}

TEST_CASE("outputs are byte-identical for 1, 2 and 4 threads") {
  auto dir = scratchDir("threads");
  std::mt19937 rng(7);
  std::string trips = "id,seg,speed,lanes\n", segs = "seg,name\n";
  for (int i = 0; i < 5000; ++i)
    trips += std::to_string(i) + ",s" + std::to_string(rng() % 40) + "," +
             std::to_string(rng() % 1200 / 10.0) + "," + std::to_string(rng() % 4) + "\n";
  for (int s = 0; s < 40; s += 2) segs += "s" + std::to_string(s) + ",road " + std::to_string(s) + "\n";
  writeFile(dir / "trips.csv", trips);
  writeFile(dir / "segs.csv", segs);
  std::string wf = R"(
    trips = EXTRACT id:int, seg:string, speed:float, lanes:int FROM "trips.csv" USING Csv(header: true);
    segs = EXTRACT seg:string, name:string FROM "segs.csv" USING Csv(header: true);
    fast = SELECT id, seg, speed * 3.6 AS kmh FROM trips WHERE speed > 50 AND lanes >= 2;
    named = SELECT fast.id, segs.name, fast.kmh FROM fast JOIN segs ON fast.seg == segs.seg;
    bySeg = SELECT seg, COUNT(*) AS n, AVG(kmh) AS mean, MIN(id) AS first FROM fast GROUP BY seg HAVING n > 3;
    both = UNION (SELECT id FROM fast WHERE kmh > 300), (SELECT id FROM trips WHERE lanes == 0);
    OUTPUT fast TO "fast.csv" USING Csv(header: true);
    OUTPUT named TO "named.jsonl" USING Jsonl();
    OUTPUT bySeg TO "segs.csv" USING Csv(header: true);
    OUTPUT both TO "both.csv" USING Csv();
    OUTPUT named TO "sorted.csv" USING Csv() ORDER BY kmh DESC, id;
  )";
  auto one = runIn(dir, wf, 1, 64, 2);
  CHECK(one.size() == 5);
  for (int threads : {2, 4}) {
    auto other = runIn(dir, wf, threads, 64, 2);
    for (auto& [name, bytes] : one) {
      // Compare names after the per-thread folder.
      CHECK_MESSAGE(other[name] == bytes, name << " differs with " << threads << " threads");
    }
  }
}

TEST_CASE("a missing input file fails the run and leaves no output") {
  auto dir = scratchDir("missing");
  writeFile(dir / "a.csv", "x\n1\n");
  plan::PhysicalPlan plan = planText(R"(
    a = EXTRACT x:int FROM "a.csv" USING Csv(header: true);
    b = EXTRACT x:int FROM "nope.csv" USING Csv(header: true);
    OUTPUT a TO "a_out.csv" USING Csv();
    OUTPUT b TO "b_out.csv" USING Csv();
  )");
  RunOptions options = optionsIn(dir);
  RunReport report = runPlan(plan, options, testing::testHooks());
  CHECK_FALSE(report.status.isOk());
  CHECK(report.status.message().find("nope.csv") != std::string::npos);
  CHECK(filesUnder(options.outDir).empty());
}

TEST_CASE("exceeding max_rejects fails the run with no output files") {
  auto dir = scratchDir("rejects");
  writeFile(dir / "a.csv", "x\n1\nbad\n2\nworse\n3\n");
  plan::PhysicalPlan plan = planText(R"(
    a = EXTRACT x:int FROM "a.csv" USING Csv(header: true);
    OUTPUT (SELECT x, 10 / (x - 2) AS y FROM a) TO "out.csv" USING Csv();
  )");
  RunOptions options = optionsIn(dir);

  options.maxRejects = 3;  // two bad fields and one division by zero: within budget
  RunReport ok = runPlan(plan, options, testing::testHooks());
  REQUIRE_MESSAGE(ok.status.isOk(), ok.status.message());
  CHECK(ok.rejected == 3);
  CHECK(readFile(std::filesystem::path(options.outDir) / "out.csv") == "1,-10\n3,10\n");
  CHECK(ok.inputs.at(0).rows == ok.outputs.at(0).rows + ok.filtered + ok.rejected);

  std::filesystem::remove_all(options.outDir);
  std::filesystem::create_directories(options.outDir);
  options.maxRejects = 2;
  RunReport failed = runPlan(plan, options, testing::testHooks());
  CHECK_FALSE(failed.status.isOk());
  // A failed run commits nothing, not even its rejects file; the report
  // keeps its first rejects for the error message.
  CHECK(filesUnder(options.outDir).empty());
  CHECK(failed.rejectsPath.empty());
  REQUIRE_FALSE(failed.firstRejects.empty());
  CHECK(failed.firstRejects[0].line == 3);
  CHECK(failed.firstRejects[0].source == "a.csv");
}

TEST_CASE("a workflow with a model operator that cannot be set up is a clear run error") {
  auto dir = scratchDir("model");
  writeFile(dir / "l.txt", "hello\n");
  plan::PhysicalPlan plan = planText(R"(
    l = EXTRACT line:string FROM "l.txt" USING Lines();
    s = PROCESS l USING Ocr() PRODUCE text:string;
    OUTPUT s TO "s.csv" USING Csv();
  )");
  RunOptions options = optionsIn(dir);
  RunReport report = runPlan(plan, options, testing::testHooks());
  CHECK(report.status.message() == "Ocr needs an image column: give image: col, or name one 'image'");
  CHECK(filesUnder(options.outDir).empty());
}

TEST_CASE("a plan with a HANDLE runs: a detected row is deleted from its ancestor") {
  auto dir = scratchDir("handle");
  writeFile(dir / "l.txt", "a\n\nb\n");
  plan::PhysicalPlan plan = planText(R"(
    l = EXTRACT line:string FROM "l.txt" USING Lines();
    s = SELECT line FROM l WHERE line != "x";
    h = HANDLE s DETECT line == "" CORRECT DELETE FROM l;
    OUTPUT h TO "h.txt" USING Lines();
  )");
  RunOptions options = optionsIn(dir);
  RunReport report = runPlan(plan, options, testing::testHooks());
  REQUIRE_MESSAGE(report.status.isOk(), report.status.message());
  CHECK(filesUnder(options.outDir) ==
        std::map<std::string, std::string>{
            {"h.txt", "a\nb\n"},
            {"corrections.jsonl",
             "{\"action\":\"DELETE\",\"after\":null,\"before\":{\"line\":\"\"},\"condition\":\"line == "
             "\\\"\\\"\",\"handler\":"
             "\"h\",\"line\":2,\"round\":1,\"source\":\"l.txt\",\"target\":\"l\"}\n"}});
  REQUIRE(report.handlers.size() == 1);
  CHECK(report.handlers[0].deletes == 1);
}

TEST_CASE("a join with insert-only inputs streams its output in canonical order") {
  auto dir = scratchDir("streamjoin");
  std::string left = "id,k\n", right = "k,name\n";
  for (int i = 0; i < 2000; ++i) left += std::to_string(i) + "," + std::to_string(i % 13) + "\n";
  for (int k = 12; k >= 0; --k)
    right += std::to_string(k) + ",n" + std::to_string(k) + "\n" + std::to_string(k) + ",m" +
             std::to_string(k) + "\n";
  writeFile(dir / "l.csv", left);
  writeFile(dir / "r.csv", right);
  std::string wf = R"(
    l = EXTRACT id:int, k:int FROM "l.csv" USING Csv(header: true);
    r = EXTRACT k:int, name:string FROM "r.csv" USING Csv(header: true);
    OUTPUT (SELECT l.id, r.name FROM l JOIN r ON l.k == r.k) TO "j.csv" USING Csv();
  )";
  std::string expected;
  for (int i = 0; i < 2000; ++i)
    expected += std::to_string(i) + ",n" + std::to_string(i % 13) + "\n" + std::to_string(i) + ",m" +
                std::to_string(i % 13) + "\n";
  for (int threads : {1, 2, 4}) CHECK(runIn(dir, wf, threads, 16, 2)["j.csv"] == expected);
}

TEST_CASE("a clean run removes an earlier run's rejects file, never what is not a regular file") {
  auto dir = scratchDir("stale_rejects");
  writeFile(dir / "t.csv", "id\n1\nx\n2\n");
  std::string wf = R"(
    t = EXTRACT id:int FROM "t.csv" USING Csv(header: true);
    OUTPUT t TO "t.csv" USING Csv();
  )";
  RunOptions options = optionsIn(dir);
  RunReport dirty = runPlan(planText(wf), options, testing::testHooks());
  REQUIRE(dirty.status.isOk());
  CHECK(dirty.rejected == 1);
  std::filesystem::path rejects = std::filesystem::path(options.outDir) / "rejects.jsonl";
  REQUIRE(std::filesystem::is_regular_file(rejects));

  writeFile(dir / "t.csv", "id\n1\n2\n");
  RunReport clean = runPlan(planText(wf), options, testing::testHooks());
  REQUIRE(clean.status.isOk());
  CHECK(clean.rejected == 0);
  CHECK(clean.rejectsPath.empty());
  CHECK_FALSE(std::filesystem::exists(std::filesystem::symlink_status(rejects)));

  // A symlink named rejects.jsonl is not ours to remove.
  writeFile(dir / "elsewhere.jsonl", "keep\n");
  std::filesystem::create_symlink(dir / "elsewhere.jsonl", rejects);
  RunReport again = runPlan(planText(wf), options, testing::testHooks());
  REQUIRE(again.status.isOk());
  CHECK(std::filesystem::is_symlink(rejects));
  CHECK(readFile(dir / "elsewhere.jsonl") == "keep\n");
}

TEST_CASE("a run whose every input row is rejected fails unless max_rejects allows it") {
  auto dir = scratchDir("all_rejected");
  writeFile(dir / "t.csv", "id\nx\ny\nz\n");
  std::string wf = R"(
    t = EXTRACT id:int FROM "t.csv" USING Csv(header: true);
    OUTPUT t TO "t.csv" USING Csv();
  )";
  RunOptions options = optionsIn(dir);
  RunReport failed = runPlan(planText(wf), options, testing::testHooks());
  REQUIRE_FALSE(failed.status.isOk());
  CHECK(failed.status.message() ==
        "every input row was rejected (3 rejects for 3 rows read) and no output row was written; SET "
        "max_rejects = "
        "n allows it");
  CHECK(failed.rejected == 3);
  CHECK(filesUnder(options.outDir).empty());  // no output, no rejects file: nothing is committed
  CHECK(failed.firstRejects.size() == 3);

  options.maxRejects = 3;
  RunReport allowed = runPlan(planText(wf), options, testing::testHooks());
  CHECK(allowed.status.isOk());

  // One good row is enough for a run to succeed.
  writeFile(dir / "t.csv", "id\nx\n1\nz\n");
  options.maxRejects = -1;
  CHECK(runPlan(planText(wf), options, testing::testHooks()).status.isOk());
}

TEST_CASE("an OUTPUT to the output folder's rejects file by an absolute path fails before anything runs") {
  auto dir = scratchDir("over_rejects");
  writeFile(dir / "t.csv", "id\n1\n");
  RunOptions options = optionsIn(dir);
  writeFile(std::filesystem::path(options.outDir) / "rejects.jsonl", "earlier rejects\n");
  std::string rejects = (std::filesystem::absolute(options.outDir) / "rejects.jsonl").string();
  RunReport report = runPlan(planText("t = EXTRACT id:int FROM \"t.csv\" USING Csv(header: true);\n"
                                      "OUTPUT t TO \"" +
                                      rejects + "\" USING Jsonl();\n"),
                             options, testing::testHooks());
  REQUIRE_FALSE(report.status.isOk());
  CHECK(report.status.message().find("would write the output folder's rejects file") != std::string::npos);
  CHECK(filesUnder(options.outDir) ==
        std::map<std::string, std::string>{{"rejects.jsonl", "earlier rejects\n"}});
}

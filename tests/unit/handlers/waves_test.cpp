// Tests of the waves protocol (runtime/engine/Engine.cpp): small epochs put
// barriers in the middle of the input, so corrections flow back while rows
// are still being read; the outputs must be those of one epoch, for any
// thread count, and --verify must pass. Corrections reach aggregates
// downstream of the target after their first emission (changed groups only).
#include <doctest/doctest.h>

#include "../runtime_exec/exec_test_support.h"
#include "compiler/plan/HandlerGates.h"
#include "compiler/plan/PhysicalDecisions.h"

using namespace popper;
using namespace popper::exec;
using namespace popper::engine;
using namespace popper::exec::test;

namespace {

// Removes the corrections file from a run's files and returns it ("" if none).
std::string takeCorrections(std::map<std::string, std::string>& files) {
  auto it = files.find("corrections.jsonl");
  if (it == files.end()) return "";
  std::string text = std::move(it->second);
  files.erase(it);
  return text;
}

std::map<std::string, std::string> runWith(const std::filesystem::path& dir, const std::string& text,
                                           int threads, uint64_t epochRows, RunReport* reportOut = nullptr) {
  RunOptions options;
  options.threads = threads;
  options.batchSize = 2;
  options.queueBatches = 2;
  options.epochRows = epochRows;
  options.verify = true;
  return runIn(dir, text, options, "out-" + std::to_string(threads) + "-" + std::to_string(epochRows),
               reportOut);
}

const char* kTraffic =
    "trips = EXTRACT id:int, seg:string, speed:float FROM \"t.csv\" USING Csv(header: true);\n"
    "raw = SELECT seg, COUNT(*) AS n, SUM(speed) AS total FROM trips GROUP BY seg;\n"
    "fast = SELECT id, seg, speed * 2.0 AS v FROM trips;\n"
    "checked = HANDLE fast DETECT v > 100.0 CORRECT EDIT trips SET speed = trips.speed / 10.0;\n"
    "OUTPUT raw TO \"raw.csv\" USING Csv(header: true) ORDER BY seg;\n"
    "OUTPUT checked TO \"checked.csv\" USING Csv(header: true);\n";

const char* kGateHeader =
    "t = EXTRACT id:int, a:int, b:string FROM \"t.csv\" USING Csv(header: true);\n"
    "d = EXTRACT b:string, name:string FROM \"d.csv\" USING Csv(header: true);\n";

}  // namespace

TEST_CASE("mid-input waves give the bytes of a single epoch, for any thread count") {
  auto dir = scratchDir("waves-epochs");
  std::string data = "id,seg,speed\n";
  for (int i = 1; i <= 40; ++i)
    data += std::to_string(i) + "," + (i % 3 == 0 ? "A" : "B") + "," + (i % 7 == 0 ? "300.0" : "20.0") + "\n";
  writeFile(dir / "t.csv", data);
  RunReport one, many;
  // A Changelog of the corrected rowset keeps the epochs (the handler would
  // otherwise stream its corrections, plan/HandlerGates.h); the Changelog's
  // own bytes show the waves, so it is left out of the comparison.
  std::string withEpochs = std::string(kTraffic) + "OUTPUT trips TO \"trips.log\" USING Changelog();\n";
  auto sansLog = [](std::map<std::string, std::string> outputs) {
    outputs.erase("trips.log");
    return outputs;
  };
  auto want = sansLog(runWith(dir, withEpochs, 1, 100000, &one));
  auto got = sansLog(runWith(dir, withEpochs, 2, 5, &many));
  CHECK(got == want);
  CHECK(sansLog(runWith(dir, withEpochs, 4, 3)) == want);
  // Epochs of 5 records over 40, read 2 at a time (so 6 per epoch): at least
  // 7 barriers (the handler gates, so corrections add no waves of their own
  // while input remains), more waves than one epoch.
  CHECK(many.waves >= 7);
  CHECK(many.waves > one.waves);
  // Without the Changelog the handler streams: no epochs, the same bytes.
  RunReport streamed;
  CHECK(sansLog(runWith(dir, kTraffic, 2, 5, &streamed)) == want);  // (same out dirs: drop the old log)
  CHECK(sansLog(runWith(dir, kTraffic, 4, 3)) == want);
  CHECK(streamed.waves < many.waves);
  // The five rows of speed 300 (ids 7, 14, 21, 28, 35) were corrected to 30:
  // A = 12 x 20 + 30, B = 23 x 20 + 4 x 30; the group sums saw the edits.
  CHECK(want.at("raw.csv") == "seg,n,total\nA,13,270.0\nB,27,580.0\n");
  std::filesystem::remove_all(dir);
}

TEST_CASE("an EDIT of a group's row edits every contributing row and updates the aggregate") {
  auto dir = scratchDir("waves-group");
  writeFile(dir / "t.csv", "id,b,a\n1,1,60\n2,1,50\n3,2,10\n4,2,20\n5,1,30\n");
  const char* wf =
      "t = EXTRACT id:int, b:int, a:int FROM \"t.csv\" USING Csv(header: true);\n"
      "g = SELECT b, SUM(a) AS total, COUNT(*) AS n FROM t GROUP BY b;\n"
      "h = HANDLE g DETECT total > 100 CORRECT EDIT t SET a = t.a / 2 EVENTUALLY PASS;\n"
      "OUTPUT h TO \"groups.csv\" USING Csv(header: true) ORDER BY b;\n"
      "OUTPUT t TO \"rows.csv\" USING Csv(header: true);\n";
  RunReport report;
  auto got = runWith(dir, wf, 2, 100000, &report);
  // Group 1 (60 + 50 + 30 = 140 > 100): its three rows halved, 30 + 25 + 15 = 70.
  CHECK(got.at("groups.csv") == "b,total,n\n1,70,3\n2,30,2\n");
  CHECK(got.at("rows.csv") == "id,b,a\n1,1,30\n2,1,25\n3,2,10\n4,2,20\n5,1,15\n");
  REQUIRE(report.handlers.size() == 1);
  CHECK(report.handlers[0].edits == 3);
  CHECK(runWith(dir, wf, 4, 2) == got);
  std::filesystem::remove_all(dir);
}

TEST_CASE("EDIT t USING Op re-runs the traced row's input through Op") {
  auto dir = scratchDir("waves-using");
  writeFile(dir / "lines.txt", "es:uno\nes:dos\nes:tres\n");
  // The light translator fails on every row; the handler escalates each to
  // the exact one, which replaces the row of `t` (its input column included).
  const char* wf =
      "lines = EXTRACT line:string FROM \"lines.txt\" USING Lines();\n"
      "t = PROCESS lines USING NoisyTranslate(text: line, pair: \"es-en\", error_rate: 1.0) PRODUCE "
      "translation:string;\n"
      "s = SELECT line, translation FROM t;\n"
      "h = HANDLE s DETECT starts_with(translation, \"es:\")\n"
      "    CORRECT EDIT t USING NoisyTranslate(text: line, pair: \"es-en\", error_rate: 0.0);\n"
      "OUTPUT h TO \"out.csv\" USING Csv(header: true);\n";
  RunReport report;
  auto got = runWith(dir, wf, 2, 100000, &report);
  CHECK(got.at("out.csv") == "line,translation\nes:uno,en:uno\nes:dos,en:dos\nes:tres,en:tres\n");
  REQUIRE(report.handlers.size() == 1);
  CHECK(report.handlers[0].edits == 3);
  CHECK(report.handlers[0].rejected == 0);
  CHECK(runWith(dir, wf, 1, 1) == got);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a correction of an injected row, and an upstream retraction of a corrected row") {
  auto dir = scratchDir("waves-chain");
  writeFile(dir / "t.csv", "id,a\n1,5\n2,50\n3,500\n");
  // `big` halves rows of t above 100 (twice for 500: the second edit corrects
  // the injected row of the first). `mid` is itself a target: `small`
  // doubles its rows below 10, so row 1 (a = 5) is corrected in `mid`; then
  // nothing upstream changes it. Row 3's edits in t retract mid's row 3 and
  // its replacement chain, and the new value flows through.
  const char* wf =
      "t = EXTRACT id:int, a:int FROM \"t.csv\" USING Csv(header: true);\n"
      "mid = SELECT id, a FROM t WHERE a > 0;\n"
      "big = HANDLE mid DETECT a > 100 CORRECT EDIT t SET a = t.a / 2 RETRY 2 EVENTUALLY PASS;\n"
      "small = HANDLE big DETECT a < 10 CORRECT EDIT mid SET a = mid.a * 2 EVENTUALLY PASS;\n"
      "OUTPUT small TO \"out.csv\" USING Csv(header: true);\n";
  RunReport report;
  auto got = runWith(dir, wf, 2, 100000, &report);
  CHECK(got.at("out.csv") == "id,a\n1,10\n2,50\n3,125\n");
  CHECK(runWith(dir, wf, 4, 1) == got);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a REDUCE output row traces to its group's rows: DELETE removes them all") {
  auto dir = scratchDir("waves-reduce");
  writeFile(dir / "t.csv", "id,b,a\n1,1,5\n2,1,90\n3,2,7\n4,2,8\n");
  // TopK(k: 1) keeps each group's largest a; a group whose top is above 50 is
  // deleted entirely from t (every row of the group, through the REDUCE).
  const char* wf =
      "t = EXTRACT id:int, b:int, a:int FROM \"t.csv\" USING Csv(header: true);\n"
      "top = REDUCE t ON b USING TopK(k: 1, by: a) PRODUCE id:int, b:int, a:int;\n"
      "h = HANDLE top DETECT a > 50 CORRECT DELETE FROM t;\n"
      "OUTPUT h TO \"top.csv\" USING Csv(header: true);\n"
      "OUTPUT t TO \"rows.csv\" USING Csv(header: true);\n";
  RunReport report;
  auto got = runWith(dir, wf, 2, 100000, &report);
  CHECK(got.at("top.csv") == "id,b,a\n4,2,8\n");
  CHECK(got.at("rows.csv") == "id,b,a\n3,2,7\n4,2,8\n");
  REQUIRE(report.handlers.size() == 1);
  CHECK(report.handlers[0].deletes == 2);
  CHECK(runWith(dir, wf, 4, 1) == got);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a join whose right side is outside the waves builds it first; left corrections probe it") {
  auto dir = scratchDir("waves-join-probe");
  // Right side: 3 matching segments among 30 rows, so with epochs of 4
  // records it is still being read while left rows are corrected. An edited
  // trip's retraction reaches the join from the left and retracts its pair.
  std::string segs = "seg,name\nA,Alpha\nB,Beta\n";
  for (int i = 0; i < 27; ++i) {
    segs += "X";
    segs += std::to_string(i);
    segs += ",none\n";
  }
  segs += "C,Gamma\n";
  writeFile(dir / "s.csv", segs);
  writeFile(dir / "t.csv", "id,seg,speed\n1,A,20.0\n2,B,300.0\n3,C,20.0\n4,A,400.0\n5,B,20.0\n6,C,500.0\n");
  const char* wf =
      "trips = EXTRACT id:int, seg:string, speed:float FROM \"t.csv\" USING Csv(header: true);\n"
      "segs = EXTRACT seg:string, name:string FROM \"s.csv\" USING Csv(header: true);\n"
      "joined = SELECT trips.id, segs.name, trips.speed FROM trips JOIN segs ON trips.seg == segs.seg;\n"
      "named = HANDLE joined DETECT speed > 100.0 CORRECT EDIT trips SET speed = trips.speed / 10.0;\n"
      "OUTPUT named TO \"named.csv\" USING Csv(header: true);\n";
  plan::PhysicalPlan plan = planText(wf);
  plan::PhysicalDecisions analysis = plan.decisions;
  bool probes = false;
  for (const plan::PlanNode& node : plan.dataflow.nodes)
    if (node.is<plan::JoinNode>())
      probes = analysis.affected[static_cast<size_t>(node.id)] &&
               analysis.buildProbe[static_cast<size_t>(node.id)];
  CHECK(probes);
  auto want = runWith(dir, wf, 1, 100000);
  CHECK(want.at("named.csv") ==
        "id,name,speed\n1,Alpha,20.0\n2,Beta,30.0\n3,Gamma,20.0\n4,Alpha,40.0\n5,Beta,20.0\n6,Gamma,50.0\n");
  CHECK(runWith(dir, wf, 2, 4) == want);
  CHECK(runWith(dir, wf, 4, 3) == want);
  std::filesystem::remove_all(dir);
}

TEST_CASE(
    "a gating handler's outputs equal the from-scratch run over the corrected input, across epochs and "
    "threads") {
  auto dir = scratchDir("gate-run");
  std::string t = "id,a,b\n", fixed = "id,a,b\n";
  for (int i = 1; i <= 40; ++i) {
    int a = (i * 7) % 13;
    std::string b = std::string(1, static_cast<char>('p' + i % 3));
    t += std::to_string(i) + "," + std::to_string(a) + "," + b + "\n";
    // DETECT a > 9 on rows with a > 1; EDIT a = t.a - 5, once (RETRY 1; never detected again).
    fixed += std::to_string(i) + "," + std::to_string(a > 9 ? a - 5 : a) + "," + b + "\n";
  }
  writeFile(dir / "t.csv", t);
  writeFile(dir / "d.csv", "b,name\np,P\nq,Q\nr,R\n");
  // The handler-free workflow over the corrected input, and the handled one.
  std::string body =
      "m = SELECT id, a, b FROM t WHERE a > 1;\n"
      "j = SELECT m.id, d.name, m.a FROM m JOIN d ON m.b == d.b;\n"
      "g = SELECT b, COUNT(*) AS n, MAX(a) AS top FROM m GROUP BY b;\n"
      "OUTPUT j TO \"j.csv\" USING Csv(header: true);\n"
      "OUTPUT g TO \"g.csv\" USING Csv(header: true) ORDER BY b;\n";
  std::string handled =
      "m = SELECT id, a, b FROM t WHERE a > 1;\n"
      "h = HANDLE m DETECT a > 9 CORRECT EDIT t SET a = t.a - 5;\n"
      "j = SELECT h.id, d.name, h.a FROM h JOIN d ON h.b == d.b;\n"
      "g = SELECT b, COUNT(*) AS n, MAX(a) AS top FROM h GROUP BY b;\n"
      "OUTPUT j TO \"j.csv\" USING Csv(header: true);\n"
      "OUTPUT g TO \"g.csv\" USING Csv(header: true) ORDER BY b;\n";
  bool gated = false;
  for (bool g : plan::findGatingHandlers(planText(std::string(kGateHeader) + handled).dataflow))
    gated = gated || g;
  REQUIRE(gated);
  auto ref = scratchDir("gate-ref");
  writeFile(ref / "t.csv", fixed);
  writeFile(ref / "d.csv", "b,name\np,P\nq,Q\nr,R\n");
  auto want = runWith(ref, std::string(kGateHeader) + body, 1, 100000);
  std::string corrections;  // the same at every thread count and epoch size
  for (int threads : {1, 2, 4})
    for (uint64_t epoch : {3, 7, 100000}) {
      CAPTURE(threads);
      CAPTURE(epoch);
      auto got = runWith(dir, std::string(kGateHeader) + handled, threads, epoch);
      if (corrections.empty()) corrections = got["corrections.jsonl"];
      CHECK(!corrections.empty());
      CHECK(takeCorrections(got) == corrections);
      CHECK(got == want);
    }
  std::filesystem::remove_all(dir);
  std::filesystem::remove_all(ref);
}

TEST_CASE("two gates stream their corrections over two inputs with the same line numbers") {
  // t and u have rows on the same lines, and both gates edit rows on the
  // same lines (ids 3, 6, 9, ...), RETRY 2: their replacements must not
  // collide (each gate injects under an id source of its own), and the
  // joined and grouped outputs must equal the from-scratch run over the
  // corrected inputs for any thread count.
  auto dir = scratchDir("two-gates");
  auto ref = scratchDir("two-gates-ref");
  std::string t = "id,a\n", u = "id,c\n", tFixed = t, uFixed = u;
  for (int i = 1; i <= 30; ++i) {
    int a = i % 3 == 0 ? 20 + i : i, c = i % 3 == 0 ? 50 + i : i;
    t += std::to_string(i) + "," + std::to_string(a) + "\n";
    u += std::to_string(i) + "," + std::to_string(c) + "\n";
    // DETECT a > 15: a = a - 10, twice at most (20+i -> 10+i -> i once 10+i > 15, i.e. always for i >= 6).
    int fa = a;
    for (int n = 0; n < 2 && fa > 15; ++n) fa -= 10;
    // DETECT c > 40: c = c - 30, twice at most.
    int fc = c;
    for (int n = 0; n < 2 && fc > 40; ++n) fc -= 30;
    tFixed += std::to_string(i) + "," + std::to_string(fa) + "\n";
    uFixed += std::to_string(i) + "," + std::to_string(fc) + "\n";
  }
  writeFile(dir / "t.csv", t);
  writeFile(dir / "u.csv", u);
  writeFile(ref / "t.csv", tFixed);
  writeFile(ref / "u.csv", uFixed);
  std::string inputs =
      "t = EXTRACT id:int, a:int FROM \"t.csv\" USING Csv(header: true);\n"
      "u = EXTRACT id:int, c:int FROM \"u.csv\" USING Csv(header: true);\n";
  std::string rest =
      "j = SELECT ht.id, ht.a, hu.c FROM ht JOIN hu ON ht.id == hu.id;\n"
      "g = SELECT a % 2 AS odd, COUNT(*) AS n, SUM(c) AS total FROM j GROUP BY a % 2;\n"
      "OUTPUT j TO \"j.csv\" USING Csv(header: true);\n"
      "OUTPUT g TO \"g.csv\" USING Csv(header: true) ORDER BY odd;\n";
  std::string handled =
      inputs +
      "mt = SELECT id, a FROM t;\nht = HANDLE mt DETECT a > 15 CORRECT EDIT t SET a = t.a - 10 RETRY 2 "
      "EVENTUALLY PASS;\n"
      "mu = SELECT id, c FROM u;\nhu = HANDLE mu DETECT c > 40 CORRECT EDIT u SET c = u.c - 30 RETRY 2 "
      "EVENTUALLY PASS;\n" +
      rest;
  std::string plain = inputs + "ht = SELECT id, a FROM t;\nhu = SELECT id, c FROM u;\n" + rest;
  REQUIRE(plan::streamsCorrections(planText(handled).dataflow));
  auto want = runWith(ref, plain, 1, 100000);
  std::string corrections;
  for (int threads : {1, 2, 4}) {
    CAPTURE(threads);
    auto got = runWith(dir, handled, threads, 4);
    if (corrections.empty()) corrections = got["corrections.jsonl"];
    // Both gates' corrections, each at its own input's line.
    CHECK(corrections.find("\"handler\":\"ht\"") != std::string::npos);
    CHECK(corrections.find("\"handler\":\"hu\"") != std::string::npos);
    CHECK(takeCorrections(got) == corrections);
    CHECK(got == want);
  }
  std::filesystem::remove_all(dir);
  std::filesystem::remove_all(ref);
}

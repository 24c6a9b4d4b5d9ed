// Property test of in-flight error handling: random small data, random
// workflow shapes (with or without a join between the target and the
// handler; the handler on the rows or on per-group aggregates, where a
// correction edits or deletes every row of the group) and random handlers
// (EDIT SET or DELETE, RETRY, EVENTUALLY PASS or DROP). Each run must pass
// --verify (every node recomputed from its inputs' live rows), equal a
// from-scratch run of the handler-free workflow over the corrected input
// (computed here, independently, by applying the handler's rule to each input
// row, or group, until it holds or RETRY runs out), and give the same bytes
// for 1, 2 and 4 threads and for epochs of a few records.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <set>

#include "../runtime_exec/exec_test_support.h"
#include "compiler/plan/HandlerGates.h"

using namespace popper;
using namespace popper::exec;
using namespace popper::engine;
using namespace popper::exec::test;

namespace {

struct Row {
  int64_t id, a, b;
  friend bool operator==(const Row&, const Row&) = default;
};

struct Scenario {
  std::vector<Row> rows;
  int64_t skipB = 0;  // rows with b == skipB never reach the handler
  int64_t limit = 0;  // DETECT a + b > limit
  int64_t step = 1;   // EDIT: a = t.a - step
  int retry = 1;
  bool remove = false;  // DELETE FROM t instead of EDIT
  bool drop = false;    // EVENTUALLY DROP instead of PASS
  bool join = false;    // the handler sees rows joined with dims on b
  bool group =
      false;  // the handler sees per-b aggregates: DETECT total > limit, corrects every row of the group
  bool rawGroups = true;   // t also feeds a GROUP BY (off: a handler over mid gates retractions)
  bool midOutput = false;  // mid is an output too (in the waves; a gate still streams)
  bool changelog =
      false;  // mid's Changelog is an output too (a gate then keeps its epochs: it does not stream)
  // dims.csv: (b, w) rows. A b may appear twice (a join row per match: a
  // handler over the join sees several images of one mid row, and detects
  // them by s + w, so maybe not all of them).
  std::vector<std::pair<int64_t, int64_t>> dimRows;
};

std::string csv(const std::vector<Row>& rows) {
  std::string s = "id,a,b\n";
  for (const Row& r : rows)
    s += std::to_string(r.id) + "," + std::to_string(r.a) + "," + std::to_string(r.b) + "\n";
  return s;
}

std::string dims(const Scenario& sc) {
  std::string s = "b,name,w\n";
  for (auto [k, w] : sc.dimRows)
    s += std::to_string(k) + ",n" + std::to_string(k) + "," + std::to_string(w) + "\n";
  return s;
}

// The largest w of the dims rows with key b (the join case's DETECT holds
// for some image of a row iff it holds for this one), if any.
std::optional<int64_t> maxW(const Scenario& sc, int64_t b) {
  std::optional<int64_t> most;
  for (auto [k, w] : sc.dimRows)
    if (k == b) most = std::max(most.value_or(w), w);
  return most;
}

// The workflow; `handled` is either the HANDLE or, for the reference run, the
// plain relation the handler turns into once every correction is applied.
std::string workflow(const Scenario& sc, bool withHandler) {
  std::string wf = "t = EXTRACT id:int, a:int, b:int FROM \"t.csv\" USING Csv(header: true);\n";
  wf += "mid = SELECT id, a, b, a + b AS s FROM t WHERE b != " + std::to_string(sc.skipB) + ";\n";
  std::string src = "mid";
  if (sc.join) {
    wf += "d = EXTRACT b:int, name:string, w:int FROM \"dims.csv\" USING Csv(header: true);\n";
    wf += "j = SELECT mid.id, mid.a, mid.b, mid.s, d.name, d.w FROM mid JOIN d ON mid.b == d.b;\n";
    src = "j";
  }
  if (sc.group) {
    wf += "g = SELECT b, COUNT(*) AS n, SUM(a) AS total FROM " + src + " GROUP BY b;\n";
    src = "g";
  }
  std::string detect = (sc.group ? "total > " : sc.join ? "s + w > " : "s > ") + std::to_string(sc.limit);
  if (withHandler) {
    std::string action = sc.remove ? "DELETE FROM t" : "EDIT t SET a = t.a - " + std::to_string(sc.step);
    wf += "h = HANDLE " + src + " DETECT " + detect + " CORRECT " + action + " RETRY " +
          std::to_string(sc.retry) + (sc.drop ? " EVENTUALLY DROP" : " EVENTUALLY PASS") + ";\n";
  } else {
    wf += "h = SELECT * FROM " + src + (sc.drop ? " WHERE NOT (" + detect + ")" : "") + ";\n";
  }
  wf += "OUTPUT h TO \"handled.csv\" USING Csv(header: true);\n";
  if (sc.midOutput) wf += "OUTPUT mid TO \"mid.csv\" USING Csv(header: true);\n";
  if (sc.changelog) wf += "OUTPUT mid TO \"mid.changes\" USING Changelog();\n";
  if (sc.rawGroups) {
    wf += "byB = SELECT b, COUNT(*) AS n, SUM(a) AS total, MAX(a) AS top FROM t GROUP BY b;\n";
    wf += "OUTPUT byB TO \"byb.csv\" USING Csv(header: true) ORDER BY b;\n";
  }
  wf +=
      "OUTPUT (SELECT b, COUNT(*) AS n FROM h GROUP BY b) TO \"after.csv\" USING Csv(header: true) ORDER BY "
      "b;\n";
  return wf;
}

bool reachesHandler(const Scenario& sc, const Row& r) {
  bool reaches = r.b != sc.skipB;
  if (sc.join) reaches = reaches && maxW(sc, r.b).has_value();
  return reaches;
}

// Applies a group handler's rule: while a group's total is over the limit
// and the group was corrected fewer than RETRY times, every row of it is
// edited (or deleted).
std::vector<Row> correctedGroups(const Scenario& sc) {
  std::vector<Row> rows = sc.rows;
  std::map<int64_t, int> done;  // b -> corrections
  while (true) {
    std::map<int64_t, int64_t> total;
    for (const Row& r : rows)
      if (reachesHandler(sc, r)) total[r.b] += r.a;
    std::set<int64_t> fix;
    for (const auto& [b, t] : total)
      if (t > sc.limit && done[b] < sc.retry) fix.insert(b);
    if (fix.empty()) return rows;
    for (int64_t b : fix) ++done[b];
    auto inFixed = [&](const Row& r) { return reachesHandler(sc, r) && fix.count(r.b) > 0; };
    if (sc.remove)
      std::erase_if(rows, inFixed);
    else
      for (Row& r : rows)
        if (inFixed(r)) r.a -= sc.step;
  }
}

// Applies the handler's rule to every input row that reaches it.
std::vector<Row> corrected(const Scenario& sc) {
  if (sc.group) return correctedGroups(sc);
  std::vector<Row> out;
  for (Row r : sc.rows) {
    bool reaches = reachesHandler(sc, r);
    // Through the join: corrected while some image of the row is detected.
    int64_t extra = sc.join && reaches ? *maxW(sc, r.b) : 0;
    if (reaches && r.a + r.b + extra > sc.limit) {
      if (sc.remove) continue;
      for (int n = 0; n < sc.retry && r.a + r.b + extra > sc.limit; ++n) r.a -= sc.step;
    }
    out.push_back(r);
  }
  return out;
}

std::map<std::string, std::string> runWorkflow(const std::filesystem::path& dir, const std::string& text,
                                               int threads, const std::string& tag, bool verify = false,
                                               uint64_t epochRows = 0) {
  RunOptions options;
  options.threads = threads;
  if (epochRows > 0) options.epochRows = epochRows;
  options.batchSize = 3;  // many batches, so corrections interleave with data
  options.queueBatches = 2;
  options.verify = verify;
  return runIn(dir, text, options, "out-" + tag + std::to_string(threads));
}

}  // namespace

TEST_CASE("handler runs equal handler-free runs over the corrected input, for any thread count") {
  std::mt19937_64 rng(20261121);
  auto pick = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
  int withCorrections = 0, groupCorrections = 0, gatedCorrections = 0, streamedCorrections = 0;
  int fanOutCorrections = 0;  // through a join where a row has two images
  for (int trial = 0; trial < 60; ++trial) {
    Scenario sc;
    int n = static_cast<int>(pick(0, 25));
    for (int i = 0; i < n; ++i) sc.rows.push_back({i + 1, pick(0, 20), pick(0, 4)});
    sc.skipB = pick(0, 5);
    sc.limit = pick(5, 22);
    sc.step = pick(1, 8);
    sc.retry = static_cast<int>(pick(1, 3));
    sc.remove = pick(0, 3) == 0;
    sc.drop = pick(0, 1) == 1;
    sc.join = pick(0, 1) == 1;
    sc.group = trial % 3 == 2;
    sc.rawGroups = trial % 2 == 0;
    sc.midOutput = trial % 4 == 1;
    sc.changelog = trial % 4 == 3;
    if (sc.group) sc.limit = pick(10, 60);
    // A group's total counts a row once per image: keys stay unique there.
    for (int64_t k = 0; k <= 4; ++k) {
      if (pick(0, 3) == 0) continue;
      sc.dimRows.push_back({k, sc.group ? 0 : pick(0, 4)});
      if (!sc.group && pick(0, 2) == 0) sc.dimRows.push_back({k, pick(0, 4)});
    }
    CAPTURE(trial);
    std::string text = workflow(sc, true);
    CAPTURE(text);

    auto dir = scratchDir("handlers-prop-" + std::to_string(trial));
    writeFile(dir / "t.csv", csv(sc.rows));
    writeFile(dir / "dims.csv", dims(sc));
    auto got = runWorkflow(dir, text, 1, "h");
    for (int threads : {2, 4}) CHECK(runWorkflow(dir, text, threads, "h") == got);
    CHECK(runWorkflow(dir, text, 2, "v", true) == got);
    // Epochs of a few records: corrections come back while later records
    // are still being read (a gate releases rows across epochs). A
    // Changelog shows the waves, so it differs with the epochs.
    auto sansLog = [](std::map<std::string, std::string> outputs) {
      outputs.erase("mid.changes");
      return outputs;
    };
    CHECK(sansLog(runWorkflow(dir, text, 2, "e", true, 2)) == sansLog(got));
    CHECK(sansLog(runWorkflow(dir, text, 4, "e", false, 5)) == sansLog(got));
    bool gated = false;
    for (bool g : plan::findGatingHandlers(planText(text).dataflow)) gated = gated || g;
    bool streamed = plan::streamsCorrections(planText(text).dataflow);

    auto refDir = scratchDir("handlers-ref-" + std::to_string(trial));
    std::vector<Row> fixedRows = corrected(sc);
    if (fixedRows != sc.rows) {
      ++withCorrections;
      groupCorrections += sc.group ? 1 : 0;
      gatedCorrections += gated && !streamed ? 1 : 0;
      streamedCorrections += streamed ? 1 : 0;
      std::set<int64_t> keys;
      for (auto [k, w] : sc.dimRows) fanOutCorrections += sc.join && !keys.insert(k).second ? 1 : 0;
    }
    writeFile(refDir / "t.csv", csv(fixedRows));
    writeFile(refDir / "dims.csv", dims(sc));
    auto want = runWorkflow(refDir, workflow(sc, false), 1, "r");
    got.erase("rejects.jsonl");
    want.erase("rejects.jsonl");
    // (The corrections file is the same at every thread count and epoch size, checked above.)
    CHECK((got.count("corrections.jsonl") > 0) == (fixedRows != sc.rows));
    got.erase("corrections.jsonl");
    CHECK(sansLog(got) == sansLog(want));
    std::filesystem::remove_all(dir);
    std::filesystem::remove_all(refDir);
  }
  // The generator must actually exercise corrections, not only clean data.
  CHECK(withCorrections >= 10);
  CHECK(groupCorrections >= 5);
  // Handlers that gate retractions (plan/HandlerGates.h), with epochs and streaming.
  CHECK(gatedCorrections >= 3);
  CHECK(streamedCorrections >= 3);
  CHECK(fanOutCorrections >= 3);
}

// Handlers that gate retractions (compiler/plan/HandlerGates.h): which plans
// have them, what the auxiliary graph and the engine make of them, and the
// OrderedRelease queue a gate forwards rows through.
#include <doctest/doctest.h>

#include <algorithm>

#include "../runtime_exec/exec_test_support.h"
#include "compiler/plan/HandlerGates.h"
#include "compiler/plan/PhysicalDecisions.h"
#include "runtime/ops/OrderedRelease.h"

using namespace popper;
using namespace popper::exec;
using namespace popper::engine;
using namespace popper::exec::test;

namespace {

const char* kHeader =
    "t = EXTRACT id:int, a:int, b:string FROM \"t.csv\" USING Csv(header: true);\n"
    "d = EXTRACT b:string, name:string FROM \"d.csv\" USING Csv(header: true);\n";

// The gate flag of the node named `name` in the plan of kHeader + body.
bool gates(const std::string& body, const std::string& name = "h") {
  plan::PhysicalPlan p = planText(std::string(kHeader) + body);
  for (const plan::PlanNode& node : p.dataflow.nodes)
    if (node.name == name) return p.aux.gates[static_cast<size_t>(node.id)];
  FAIL("no node " << name);
  return false;
}

}  // namespace

TEST_CASE("a handler over a row-wise chain of its only target gates retractions") {
  const char* out = "OUTPUT h TO \"o.csv\" USING Csv(header: true);\n";
  // Row-wise chain from the extractor, every action on the chain.
  CHECK(gates(std::string("m = SELECT id, a, a * 2 AS a2 FROM t WHERE a > 1;\n"
                          "h = HANDLE m DETECT a > 5 CORRECT EDIT t SET a = t.a - 5;\n") +
              out));
  CHECK(gates(std::string("m = SELECT * FROM t;\nh = HANDLE m DETECT a > 5 CORRECT DELETE FROM t;\n") + out));
  CHECK(gates(std::string("m1 = SELECT id, a, b FROM t WHERE a > 1;\nm = SELECT * FROM m1 WHERE a < 100;\n"
                          "h = HANDLE m DETECT a > 5 CORRECT APPEND TO t SET a = 0, EDIT m1 SET a = 1;\n") +
              out));
  // A join whose right side no correction reaches: the spine goes on
  // through its left input (a row's anchor is its left row's).
  CHECK(gates(std::string("m = SELECT t.id, t.a, d.name FROM t JOIN d ON t.b == d.b;\n"
                          "h = HANDLE m DETECT a > 5 CORRECT EDIT t SET a = 0;\n") +
              out));
  CHECK(gates(std::string("m1 = SELECT id, a, b FROM t WHERE a > 1;\n"
                          "m2 = SELECT m1.id, m1.a, m1.b, d.name FROM m1 JOIN d ON m1.b == d.b;\n"
                          "m = SELECT m2.id, m2.a, m2.name, d.b FROM m2 JOIN d ON m2.name == d.name;\n"
                          "h = HANDLE m DETECT a > 5 CORRECT DELETE FROM m1;\n") +
              out));
  // ... but not for an APPEND (its join rows would share ids with its
  // original's), a target below the join, a right side the corrections
  // reach (a self-join), or a spine through the right input.
  CHECK_FALSE(gates(std::string("m = SELECT t.id, t.a, d.name FROM t JOIN d ON t.b == d.b;\n"
                                "h = HANDLE m DETECT a > 5 CORRECT APPEND TO t SET a = 0;\n") +
                    out));
  CHECK_FALSE(gates(std::string("m1 = SELECT t.id, t.a, d.name FROM t JOIN d ON t.b == d.b;\n"
                                "m = SELECT * FROM m1 WHERE a > 0;\n"
                                "h = HANDLE m DETECT a > 5 CORRECT EDIT m1 SET a = 0;\n") +
                    out));
  CHECK_FALSE(gates(std::string("u = SELECT id, b FROM t;\n"
                                "m = SELECT t.id, t.a, u.b FROM t JOIN u ON t.id == u.id;\n"
                                "h = HANDLE m DETECT a > 5 CORRECT EDIT t SET a = 0;\n") +
                    out));
  CHECK_FALSE(gates(std::string("m = SELECT t.id, t.a, d.name FROM d JOIN t ON d.b == t.b;\n"
                                "h = HANDLE m DETECT a > 5 CORRECT EDIT t SET a = 0;\n") +
                    out));
  // The chain feeds something else too: that gets the retractions directly
  // (in the waves); the handler still sees one image per chain row.
  CHECK(gates(std::string("m = SELECT id, a FROM t;\n"
                          "h = HANDLE m DETECT a > 5 CORRECT EDIT t SET a = 0;\n") +
              out + "OUTPUT t TO \"raw.csv\" USING Csv(header: true);\n"));
  // A handler after a union of the chain with another input: not a chain.
  CHECK_FALSE(gates(std::string("m = SELECT id, a FROM t;\nn = SELECT id, a FROM t WHERE a > 3;\n"
                                "u = UNION (SELECT * FROM m), (SELECT * FROM n);\n"
                                "h = HANDLE u DETECT a > 5 CORRECT EDIT t SET a = 0;\n") +
                    out));
  // Below a group: a correction changes a row the handler forwarded.
  CHECK_FALSE(gates(std::string("g = SELECT b, SUM(a) AS s FROM t GROUP BY b;\n"
                                "h = HANDLE g DETECT s > 5 CORRECT DELETE FROM t;\n") +
                    out));
  // A second handler corrects the same chain.
  std::string two =
      "m = SELECT id, a FROM t;\n"
      "h = HANDLE m DETECT a > 5 CORRECT EDIT t SET a = 0;\n"
      "h2 = HANDLE h DETECT a < 0 CORRECT EDIT t SET a = 1;\n"
      "OUTPUT h2 TO \"o.csv\" USING Csv(header: true);\n";
  CHECK_FALSE(gates(two, "h"));
  CHECK_FALSE(gates(two, "h2"));
}

TEST_CASE("gates stream their corrections when every handler is one that edits or deletes one chain node") {
  auto streams = [](const std::string& body) {
    return plan::streamsCorrections(planText(std::string(kHeader) + body).dataflow);
  };
  const char* out = "OUTPUT h TO \"o.csv\" USING Csv(header: true);\n";
  CHECK(streams(
      std::string("m = SELECT id, a, a * 2 AS a2 FROM t WHERE a > 1;\n"
                  "h = HANDLE m DETECT a > 5 CORRECT EDIT t SET a = t.a - 5, DELETE FROM t RETRY 2;\n") +
      out));
  CHECK(streams(std::string("m1 = SELECT id, a, b FROM t WHERE a > 1;\nm = SELECT * FROM m1 WHERE a < 100;\n"
                            "h = HANDLE m DETECT a > 5 CORRECT EDIT m1 SET a = 1;\n") +
                out));
  // APPEND starts a second lineage at the row's position: epochs.
  CHECK_FALSE(streams(
      std::string("m = SELECT * FROM t;\nh = HANDLE m DETECT a > 5 CORRECT APPEND TO t SET a = 0;\n") + out));
  // Two targets: their injections would race.
  CHECK_FALSE(
      streams(std::string("m1 = SELECT id, a, b FROM t WHERE a > 1;\nm = SELECT * FROM m1;\n"
                          "h = HANDLE m DETECT a > 5 CORRECT EDIT t SET a = 0, EDIT m1 SET a = 1;\n") +
              out));
  // The chain below the target feeds something else: that runs in the waves
  // and ends up the same whenever the corrections come, unless it is a
  // Changelog (its bytes are the order they came in).
  CHECK(
      streams(std::string("m = SELECT id, a FROM t;\nh = HANDLE m DETECT a > 5 CORRECT EDIT t SET a = 0;\n") +
              out + "OUTPUT m TO \"m.csv\" USING Csv(header: true);\n"));
  CHECK_FALSE(
      streams(std::string("m = SELECT id, a FROM t;\nh = HANDLE m DETECT a > 5 CORRECT EDIT t SET a = 0;\n") +
              out + "OUTPUT m TO \"m.log\" USING Changelog();\n"));
  // Below the gate a Changelog sees insertions only, in canonical order.
  CHECK(
      streams(std::string("m = SELECT id, a FROM t;\nh = HANDLE m DETECT a > 5 CORRECT EDIT t SET a = 0;\n") +
              out + "OUTPUT h TO \"h.log\" USING Changelog();\n"));
  // Above the target it may: t is read again, but not corrected there.
  CHECK(streams(std::string("m1 = SELECT id, a, b FROM t;\nm = SELECT * FROM m1 WHERE a < 100;\n"
                            "h = HANDLE m DETECT a > 5 CORRECT EDIT m1 SET a = 1;\n") +
                out + "OUTPUT t TO \"raw.csv\" USING Csv(header: true);\n"));
  // Two such gates, one per extractor: each injects under an id source of its own.
  CHECK(streams(
      "m = SELECT id, a FROM t;\nh = HANDLE m DETECT a > 5 CORRECT EDIT t SET a = 0;\n"
      "dd = SELECT * FROM d;\nh2 = HANDLE dd DETECT name == \"x\" CORRECT DELETE FROM d;\n"
      "OUTPUT h TO \"o.csv\" USING Csv(header: true);\nOUTPUT h2 TO \"o2.csv\" USING Csv(header: true);\n"));
  // A second handler that does not gate (or a first that does not).
  CHECK_FALSE(
      streams("m = SELECT id, a, b FROM t;\nh = HANDLE m DETECT a > 5 CORRECT EDIT t SET a = 0;\n"
              "j = SELECT h.id, d.name FROM h JOIN d ON h.b == d.b;\n"
              "h2 = HANDLE j DETECT name == \"x\" CORRECT DELETE FROM d;\n"
              "OUTPUT h2 TO \"o2.csv\" USING Csv(header: true);\n"));
  // A spine through a join streams too.
  CHECK(streams(std::string("m = SELECT t.id, t.a, d.name FROM t JOIN d ON t.b == d.b;\n"
                            "h = HANDLE m DETECT a > 5 CORRECT EDIT t SET a = 0;\n") +
                out));
}

TEST_CASE("below a gate the plan is insert-only and runs outside the waves") {
  plan::PhysicalPlan p = planText(std::string(kHeader) +
                                  "m = SELECT id, a, b FROM t WHERE a > 1;\n"
                                  "h = HANDLE m DETECT a > 5 CORRECT EDIT t SET a = t.a - 5;\n"
                                  "j = SELECT h.id, d.name, h.a FROM h JOIN d ON h.b == d.b;\n"
                                  "g = SELECT b, COUNT(*) AS n, MAX(a) AS top FROM h GROUP BY b;\n"
                                  "OUTPUT j TO \"j.csv\" USING Csv(header: true);\n"
                                  "OUTPUT g TO \"g.csv\" USING Csv(header: true) ORDER BY b;\n");
  plan::PhysicalDecisions a = p.decisions;
  for (const plan::PlanNode& node : p.dataflow.nodes) {
    auto i = static_cast<size_t>(node.id);
    CAPTURE(node.name);
    bool upstream = node.name == "t" || node.name == "m" || node.name == "h";
    CHECK(a.affected[i] == upstream);
    if (!upstream && node.name != "d") CHECK_FALSE(p.aux.deleteLive[i]);
    if (node.is<plan::OutputNode>() && node.as<plan::OutputNode>().orderBy.empty()) CHECK(a.streaming[i]);
  }
}

namespace {

SchemaPtr oneInt() {
  return std::make_shared<const Schema>(Schema{ColumnInfo{"a", Type::Int, std::nullopt}});
}

Delta rowsWithIds(std::initializer_list<uint64_t> positions, uint64_t derivation = 0) {
  Delta d;
  d.rows = Batch(oneInt());
  for (uint64_t p : positions) {
    d.rows.addRowMeta(RowId::make(p, derivation ? 1023 : 1, derivation), kInsert);
    d.rows.columns[0].ints.push_back(static_cast<int64_t>(p * 10 + derivation));
  }
  return d;
}

class Collect : public ops::OperatorContext {
 public:
  void emit(Delta&& d) override {
    for (int64_t v : d.rows.columns[0].ints) values.push_back(v);
    keys.insert(keys.end(), d.keys.begin(), d.keys.end());
    ++deltas;
  }
  Status reject(uint64_t, std::string, const std::string&) override { return Status::ok(); }
  ops::NodeCounters& counters() override { return c; }
  std::vector<int64_t> values;
  std::vector<OrderKey> keys;
  int deltas = 0;
  ops::NodeCounters c;
};

}  // namespace

TEST_CASE("OrderedRelease forwards passed rows in id order up to the bound, merging late rows") {
  ops::OrderedRelease q;
  Collect out;
  Delta first = rowsWithIds({1, 2, 3, 5, 6});
  q.add(std::move(first), Selection{0, 1, 2, 3, 4});  // row 4 is held upstream (not passed)
  Delta second = rowsWithIds({7, 8});
  q.add(std::move(second), Selection{0, 1});
  REQUIRE(q.release(RowId::make(4, 1).value, out).isOk());
  CHECK(out.values == std::vector<int64_t>{10, 20, 30});
  // Row 4's replacement comes back late; the bound moves past everything.
  Delta late = rowsWithIds({4}, 1);
  q.add(std::move(late), Selection{0});
  REQUIRE(q.release(UINT64_MAX, out).isOk());
  CHECK(out.values == std::vector<int64_t>{10, 20, 30, 41, 50, 60, 70, 80});
  CHECK(q.empty());
  // A whole delta below the bound goes on as it is (no copy).
  Collect whole;
  ops::OrderedRelease q2;
  Delta d = rowsWithIds({1, 2});
  q2.add(std::move(d), Selection{0, 1});
  REQUIRE(q2.release(UINT64_MAX, whole).isOk());
  CHECK(whole.deltas == 1);
  // A replacement between the rows of one delta: merged into one batch.
  Collect slot;
  ops::OrderedRelease q3;
  Delta withHeld = rowsWithIds({1, 2, 3, 4, 5});
  q3.add(std::move(withHeld), Selection{0, 1, 2, 4});         // row 4 held
  REQUIRE(q3.release(RowId::make(1, 1).value, slot).isOk());  // bound: a row held before all of them
  CHECK(slot.values.empty());
  Delta replacement = rowsWithIds({4}, 1);
  q3.add(std::move(replacement), Selection{0});
  REQUIRE(q3.release(UINT64_MAX, slot).isOk());
  CHECK(slot.values == std::vector<int64_t>{10, 20, 30, 41, 50});
  CHECK(slot.deltas == 1);
  // A whole delta with a row held back keeps the other rows' order keys
  // (libstdc++ empties a string moved onto itself: the first rows must not be).
  Collect keyed;
  ops::OrderedRelease q4;
  Delta withKeys = rowsWithIds({1, 2, 3});
  withKeys.keys = {"k1", "k2", "k3"};
  q4.add(std::move(withKeys), Selection{0, 2});  // row 2 held
  REQUIRE(q4.release(UINT64_MAX, keyed).isOk());
  CHECK(keyed.keys == std::vector<OrderKey>{"k1", "k3"});
  // Releasing a row below one already released is a bug the queue reports.
  Delta earlier = rowsWithIds({1}, 2);
  q2.add(std::move(earlier), Selection{0});
  CHECK_FALSE(q2.release(UINT64_MAX, whole).isOk());
}

TEST_CASE("a gate through a join holds a row's join rows together; a SET that fails rejects only its row") {
  auto dir = scratchDir("gate-join-set-fails");
  writeFile(dir / "t.csv", "id,a,b\n1,7,x\n2,9,y\n3,8,x\n4,2,x\n");
  writeFile(dir / "d.csv", "b,name\nx,X1\nx,X2\ny,Y\n");
  // Row 1 and 3 of t have two join rows each; DETECT holds on the second
  // only. SET divides by zero for row 2.
  const std::string text =
      "t = EXTRACT id:int, a:int, b:string FROM \"t.csv\" USING Csv(header: true);\n"
      "d = EXTRACT b:string, name:string FROM \"d.csv\" USING Csv(header: true);\n"
      "m = SELECT t.id, t.a, t.b, d.name FROM t JOIN d ON t.b == d.b;\n"
      "h = HANDLE m DETECT a > 5 AND name != \"X1\" CORRECT EDIT t SET a = (t.id - 2) / (t.id - 2);\n"
      "OUTPUT h TO \"h.csv\" USING Csv(header: true);\n";
  plan::PhysicalPlan p = planText(text);
  CHECK(p.decisions.streamsCorrections);
  RunOptions options;
  options.batchSize = 1;
  auto got = runIn(dir, text, options, "out-1");
  CHECK(got.at("h.csv") == "id,a,b,name\n1,1,x,X1\n1,1,x,X2\n3,1,x,X1\n3,1,x,X2\n4,2,x,X1\n4,2,x,X2\n");
  const std::string& rejects = got.at("rejects.jsonl");
  CHECK(std::count(rejects.begin(), rejects.end(), '\n') == 1);
  CHECK(rejects.find("handler 'h' rejected the row: SET a failed: integer division by zero") !=
        std::string::npos);
  CHECK(rejects.find("\"id\":2") != std::string::npos);
  options.threads = 2;
  options.verify = true;
  CHECK(runIn(dir, text, options, "out-2") == got);
  options.batchSize = 1024;
  CHECK(runIn(dir, text, options, "out-3") == got);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a gate through two fan-out joins equals the handler-free run over the corrected input") {
  auto dir = scratchDir("gate-two-joins");
  std::string t = "id,a,b\n", fixed = "id,a,b\n";
  for (int i = 1; i <= 40; ++i) {
    int a = (i * 37) % 23, b = i % 3;
    // DETECT below: a > 15 on the join row whose tag is "q" (one of four
    // images of the row); the correction subtracts 10, once.
    t += std::to_string(i) + "," + std::to_string(a) + "," + std::to_string(b) + "\n";
    fixed += std::to_string(i) + "," + std::to_string(a > 15 ? a - 10 : a) + "," + std::to_string(b) + "\n";
  }
  writeFile(dir / "t.csv", t);
  writeFile(dir / "fixed.csv", fixed);
  writeFile(dir / "d1.csv", "b,name\n0,x0\n0,y0\n1,x1\n1,y1\n2,x2\n2,y2\n");
  writeFile(dir / "d2.csv",
            "name,tag\nx0,p\nx0,q\ny0,p\ny0,q\nx1,p\nx1,q\ny1,p\ny1,q\nx2,p\nx2,q\ny2,p\ny2,q\n");
  auto text = [](const std::string& input, bool handler) {
    std::string wf = "t = EXTRACT id:int, a:int, b:int FROM \"" + input +
                     "\" USING Csv(header: true);\n"
                     "d1 = EXTRACT b:int, name:string FROM \"d1.csv\" USING Csv(header: true);\n"
                     "d2 = EXTRACT name:string, tag:string FROM \"d2.csv\" USING Csv(header: true);\n"
                     "m1 = SELECT t.id, t.a, t.b, d1.name FROM t JOIN d1 ON t.b == d1.b;\n"
                     "m = SELECT m1.id, m1.a, m1.name, d2.tag FROM m1 JOIN d2 ON m1.name == d2.name;\n";
    wf += handler ? "h = HANDLE m DETECT a > 15 AND tag == \"q\" CORRECT EDIT t SET a = t.a - 10;\n"
                  : "h = SELECT * FROM m;\n";
    return wf +
           "OUTPUT h TO \"h.csv\" USING Csv(header: true);\n"
           "OUTPUT (SELECT name, COUNT(*) AS n, SUM(a) AS s FROM h GROUP BY name) TO \"g.csv\" "
           "USING Csv(header: true) ORDER BY name;\n";
  };
  plan::PhysicalPlan p = planText(text("t.csv", true));
  for (const plan::PlanNode& node : p.dataflow.nodes)
    if (node.name == "h") CHECK(p.aux.gates[static_cast<size_t>(node.id)]);
  RunOptions options;
  options.batchSize = 3;  // an anchor's four join rows span deltas unless the joins keep them together
  auto want = runIn(dir, text("fixed.csv", false), options, "out-ref");
  want.erase("rejects.jsonl");
  for (int threads : {1, 2, 4}) {
    options.threads = threads;
    options.verify = threads == 2;
    auto got = runIn(dir, text("t.csv", true), options, "out-" + std::to_string(threads));
    got.erase("rejects.jsonl");
    CHECK(got.count("corrections.jsonl") == 1);
    got.erase("corrections.jsonl");
    CHECK(got == want);
  }
  std::filesystem::remove_all(dir);
}

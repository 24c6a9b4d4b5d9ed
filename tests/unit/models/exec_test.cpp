// Exec: the shipped Python example answers every row across several
// workers in input order; a worker that crashes on one row is restarted, the
// row is retried once and then rejected (with the worker's stderr) while its
// neighbours succeed; a malformed reply, one without "@id" or a missing column
// rejects only that row; a worker that hangs is timed out. The protocol's
// fault cases are in exec_protocol_test.cpp.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "model_test_support.h"

using namespace popper;
using namespace popper::models::test;

namespace {

ModelHarness exec(const std::string& cmd, int64_t workers, int64_t timeoutMs,
                  std::vector<std::pair<std::string, Type>> produce) {
  return ModelHarness(
      "Exec", {"text"}, -1,
      {{"cmd", Literal{cmd}}, {"workers", Literal{workers}}, {"timeout_ms", Literal{timeoutMs}}},
      std::move(produce));
}

std::string script(const std::string& name, const std::string& body) {
  std::filesystem::path path = std::filesystem::temp_directory_path() / ("popper-exec-" + name + ".py");
  std::ofstream(path) << body;
  return "python3 " + path.string();
}

}  // namespace

TEST_CASE("Exec runs the example model over several workers and keeps row order") {
  std::string example = std::string(POPPER_SOURCE_DIR) + "/workflows/models/example_model.py";
  ModelHarness h = exec("python3 " + example, 3, 10000, {{"words", Type::Int}, {"shout", Type::String}});
  auto op = h.make();
  REQUIRE(op.isOk());
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 50; ++i) rows.push_back({"row " + std::to_string(i) + " has words"});
  ModelRun run = h.run(**op, rows);
  REQUIRE(run.rows.size() == 50);
  CHECK(run.errors.empty());
  CHECK(run.rows[0] == std::vector<std::string>{"4", "ROW 0 HAS WORDS"});
  CHECK(run.rows[49] == std::vector<std::string>{"4", "ROW 49 HAS WORDS"});
  for (size_t i = 0; i < run.parents.size(); ++i) CHECK(run.parents[i] == i);
}

TEST_CASE("Exec restarts a crashed worker and rejects the row that crashes it twice") {
  std::string cmd = script("crash", R"(import json, sys
for line in sys.stdin:
    row = json.loads(line)
    if row["text"] == "boom":
        print("dying on", row["text"], file=sys.stderr)
        sys.exit(3)
    print(json.dumps({"@id": row["@id"], "n": len(row["text"])}), flush=True)
)");
  ModelHarness h = exec(cmd, 1, 5000, {{"n", Type::Int}});
  auto op = h.make();
  REQUIRE(op.isOk());
  ModelRun run = h.run(**op, {{"a"}, {"bb"}, {"boom"}, {"dddd"}, {"eeeee"}});
  REQUIRE(run.errors.size() == 1);
  CHECK(run.errors[0].row == 2);
  CHECK(run.errors[0].message ==
        "Exec worker exited with status 3 before replying to this row; stderr: dying on boom");
  REQUIRE(run.rows.size() == 4);
  CHECK(run.rows[2][0] == "4");
  CHECK(run.parents == std::vector<uint32_t>{0, 1, 3, 4});
}

TEST_CASE("Exec rejects malformed replies, missing or mistyped columns and worker errors per row") {
  std::string cmd = script("malformed", R"(import json, sys
for line in sys.stdin:
    row = json.loads(line)
    t, i = row["text"], row["@id"]
    if t == "garbage": print("not json", flush=True)
    elif t == "noid": print(json.dumps({"n": 7}), flush=True)
    elif t == "missing": print(json.dumps({"@id": i}), flush=True)
    elif t == "wrong": print(json.dumps({"@id": i, "n": "seven"}), flush=True)
    elif t == "refuse": print(json.dumps({"@id": i, "error": "cannot score this"}), flush=True)
    else: print(json.dumps({"@id": i, "n": 7}), flush=True)
)");
  ModelHarness h = exec(cmd, 2, 5000, {{"n", Type::Int}});
  auto op = h.make();
  REQUIRE(op.isOk());
  ModelRun run = h.run(**op, {{"ok"}, {"garbage"}, {"noid"}, {"missing"}, {"wrong"}, {"refuse"}, {"fine"}});
  REQUIRE(run.errors.size() == 5);
  CHECK(run.errors[0].message == "Exec reply is not a JSON object: not json");
  CHECK(run.errors[1].message ==
        "Exec reply has no integer \"@id\" (each reply must echo its request's): {\"n\": 7}");
  CHECK(run.errors[2].message == "Exec reply has no column 'n'");
  CHECK(run.errors[3].message == "Exec reply column 'n' is not int");
  CHECK(run.errors[4].message == "Exec worker rejected the row: cannot score this");
  CHECK(run.parents == std::vector<uint32_t>{0, 6});
}

TEST_CASE("Exec times out a worker that never answers") {
  std::string cmd = script("hang", R"(import json, sys, time
for line in sys.stdin:
    row = json.loads(line)
    if row["text"] == "hang":
        time.sleep(60)
    print(json.dumps({"@id": row["@id"], "n": 1}), flush=True)
)");
  // Generous enough for Python to start on a loaded machine.
  ModelHarness h = exec(cmd, 1, 3000, {{"n", Type::Int}});
  auto op = h.make();
  REQUIRE(op.isOk());
  ModelRun run = h.run(**op, {{"a"}, {"hang"}, {"b"}});
  REQUIRE(run.errors.size() == 1);
  CHECK(run.errors[0].message == "Exec worker gave no complete reply line within 3000 ms");
  CHECK(run.parents == std::vector<uint32_t>{0, 2});
}

TEST_CASE("Exec needs a command") {
  auto op = exec("", 1, 1000, {}).make();
  REQUIRE_FALSE(op.isOk());
  CHECK(op.status().message() == "Exec needs a command");
}

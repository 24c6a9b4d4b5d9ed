// The Exec protocol's fault cases (runtime/models/Exec.cpp): every reply is
// matched to the row whose "@id" it echoes, so a model that writes an extra
// line, skips a reply, replies out of order or echoes a wrong id never gives
// a row another row's values; a model that streams without ending its line or
// writes too long a line is stopped; a model's stderr, however much of it,
// only ends up (its tail) in the reasons; a command that cannot start fails
// the run at once instead of rejecting every row.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "model_test_support.h"
#include "runtime/catalog/OperatorApi.h"
#include "runtime/models/ExecProtocol.h"

using namespace popper;
using namespace popper::models::test;

namespace {

ModelHarness exec(const std::string& cmd, int64_t timeoutMs, int64_t maxLineBytes = int64_t{16} << 20) {
  return ModelHarness(
      "Exec", {"text"}, -1,
      {{"cmd", Literal{cmd}}, {"timeout_ms", Literal{timeoutMs}}, {"max_line_bytes", Literal{maxLineBytes}}},
      {{"n", Type::Int}});
}

// A Python model: `body` runs per request with `row` (the request), `i` (its
// id) and `t` (its text) bound, and `reply(obj)` writing one line.
std::string model(const std::string& name, const std::string& body) {
  std::filesystem::path path = std::filesystem::temp_directory_path() / ("popper-exec-proto-" + name + ".py");
  std::ofstream(path) << "import json, sys, time\n"
                         "def reply(obj):\n"
                         "    sys.stdout.write(json.dumps(obj) + '\\n')\n"
                         "    sys.stdout.flush()\n"
                         "for line in sys.stdin:\n"
                         "    row = json.loads(line)\n"
                         "    i, t = row['@id'], row['text']\n"
                      << body;
  return "python3 " + path.string();
}

std::vector<std::vector<std::string>> texts(const std::vector<std::string>& words) {
  std::vector<std::vector<std::string>> rows;
  for (const std::string& w : words) rows.push_back({w});
  return rows;
}

// Every row that was answered holds its own text's length, never another's.
void checkOwnValues(const ModelRun& run, const std::vector<std::string>& words) {
  REQUIRE(run.rows.size() == run.parents.size());
  for (size_t k = 0; k < run.rows.size(); ++k)
    CHECK(run.rows[k][0] == std::to_string(words[run.parents[k]].size()));
}

ModelRun runModel(const std::string& cmd, const std::vector<std::string>& words, int64_t timeoutMs = 5000,
                  int64_t maxLineBytes = int64_t{16} << 20) {
  ModelHarness h = exec(cmd, timeoutMs, maxLineBytes);
  auto op = h.make();
  REQUIRE(op.isOk());
  return h.run(**op, texts(words));
}

}  // namespace

TEST_CASE("an Exec request puts its id first and a reply is read by its id") {
  CHECK(models::execRequest(7, R"({"text":"a"})") == "{\"@id\":7,\"text\":\"a\"}\n");
  CHECK(models::execRequest(8, "{}") == "{\"@id\":8}\n");
  auto answer = models::parseExecReply(R"({"n": 3, "@id": 12})");
  CHECK(answer.kind == models::ExecReply::Kind::Answer);
  CHECK(answer.id == 12);
  CHECK(answer.values["n"] == 3);
  auto refused = models::parseExecReply(R"({"@id": 4, "error": "no"})");
  CHECK(refused.kind == models::ExecReply::Kind::Answer);
  CHECK(refused.error == "no");
  CHECK(models::parseExecReply(R"({"@id": "4"})").kind == models::ExecReply::Kind::NoId);
  CHECK(models::parseExecReply(R"({"@id": -4})").kind == models::ExecReply::Kind::BadId);
  CHECK(models::parseExecReply("[1]").kind == models::ExecReply::Kind::NotJson);
}

TEST_CASE("an Exec model that writes an extra line does not shift later rows") {
  std::vector<std::string> words = {"a", "bb", "twice", "dddd", "eeeee", "ffffff"};
  std::string cmd = model("extra", R"(    reply({'@id': i, 'n': len(t)})
    if t == 'twice': reply({'@id': i, 'n': 99})
)");
  ModelRun run = runModel(cmd, words);
  // The duplicate is a reply for no pending row: the worker is restarted and
  // the rows after it are sent again; all of them get their own values.
  CHECK(run.errors.empty());
  CHECK(run.parents == std::vector<uint32_t>{0, 1, 2, 3, 4, 5});
  checkOwnValues(run, words);
}

TEST_CASE("an Exec model that skips a reply has that row rejected, not filled by the next") {
  std::vector<std::string> words = {"a", "skip", "ccc", "dddd"};
  std::string cmd = model("skip", R"(    if t != 'skip': reply({'@id': i, 'n': len(t)})
)");
  ModelRun run = runModel(cmd, words);
  REQUIRE(run.errors.size() == 1);
  CHECK(run.errors[0].row == 1);
  CHECK(run.errors[0].message ==
        "Exec worker skipped this row: it replied to a later row (\"@id\": 3) first");
  CHECK(run.parents == std::vector<uint32_t>{0, 2, 3});
  checkOwnValues(run, words);
}

TEST_CASE("an Exec model that replies out of order never swaps two rows' values") {
  std::vector<std::string> words = {"a", "late", "ccc", "dddd", "eeeee"};
  std::string cmd = model("order", R"(    if t == 'late':
        held = {'@id': i, 'n': len(t)}
        continue
    reply({'@id': i, 'n': len(t)})
    if t == 'ccc': reply(held)
)");
  ModelRun run = runModel(cmd, words);
  REQUIRE(run.errors.size() == 1);
  CHECK(run.errors[0].row == 1);
  CHECK(run.errors[0].message.starts_with("Exec worker skipped this row"));
  CHECK(run.parents == std::vector<uint32_t>{0, 2, 3, 4});
  checkOwnValues(run, words);
}

TEST_CASE("an Exec model that echoes a wrong id has that row rejected after a retry") {
  std::vector<std::string> words = {"a", "wrong", "ccc"};
  std::string cmd = model("wrongid", R"(    reply({'@id': i + 1000 if t == 'wrong' else i, 'n': len(t)})
)");
  ModelRun run = runModel(cmd, words);
  REQUIRE(run.errors.size() == 1);
  CHECK(run.errors[0].row == 1);
  CHECK(run.errors[0].message.starts_with("Exec worker sent a reply for no pending row: {\"@id\": "));
  CHECK(run.parents == std::vector<uint32_t>{0, 2});
  checkOwnValues(run, words);
}

TEST_CASE("an Exec model of the old protocol, without ids, has every row rejected with the reason") {
  std::vector<std::string> words = {"a", "bb"};
  ModelRun run = runModel(model("noid", "    reply({'n': len(t)})\n"), words);
  REQUIRE(run.errors.size() == 2);
  for (const RowError& e : run.errors) CHECK(e.message.starts_with("Exec reply has no integer \"@id\""));
  CHECK(run.rows.empty());
}

TEST_CASE("an Exec model that streams without ending its line times out") {
  std::vector<std::string> words = {"a", "stream", "ccc"};
  std::string cmd = model("stream", R"(    if t == 'stream':
        while True:
            sys.stdout.write('x' * 100)
            sys.stdout.flush()
            time.sleep(0.01)
    reply({'@id': i, 'n': len(t)})
)");
  ModelRun run = runModel(cmd, words, 1500);
  REQUIRE(run.errors.size() == 1);
  CHECK(run.errors[0].row == 1);
  CHECK(run.errors[0].message == "Exec worker gave no complete reply line within 1500 ms");
  CHECK(run.parents == std::vector<uint32_t>{0, 2});
  checkOwnValues(run, words);
}

TEST_CASE("an Exec reply longer than max_line_bytes rejects its row without buffering it all") {
  std::vector<std::string> words = {"a", "long", "flood", "dddd"};
  std::string cmd = model("long", R"(    if t == 'long': reply({'@id': i, 'n': 4, 'pad': 'p' * 5000})
    elif t == 'flood':
        while True: sys.stdout.write('y' * 65536)
    else: reply({'@id': i, 'n': len(t)})
)");
  ModelRun run = runModel(cmd, words, 5000, 1000);
  REQUIRE(run.errors.size() == 2);
  CHECK(run.errors[0].row == 1);
  CHECK(run.errors[0].message == "Exec reply is longer than max_line_bytes (1000 bytes)");
  CHECK(run.errors[1].row == 2);
  CHECK(run.errors[1].message == "Exec reply is longer than max_line_bytes (1000 bytes)");
  CHECK(run.parents == std::vector<uint32_t>{0, 3});
  checkOwnValues(run, words);
}

TEST_CASE("an Exec model that floods its stderr keeps answering, and only its tail is kept") {
  std::vector<std::string> words;
  for (int k = 0; k < 40; ++k) words.push_back(k == 20 ? "boom" : std::string(k % 7 + 1, 'x'));
  std::string cmd = model("stderr", R"(    sys.stderr.write('noise ' * 50000 + '\n')
    if t == 'boom':
        sys.stderr.write('the last words\n')
        sys.exit(5)
    reply({'@id': i, 'n': len(t)})
)");
  ModelRun run = runModel(cmd, words);
  REQUIRE(run.errors.size() == 1);
  CHECK(run.errors[0].row == 20);
  const std::string& reason = run.errors[0].message;
  std::string prefix = "Exec worker exited with status 5 before replying to this row; stderr: ";
  CHECK(reason.starts_with(prefix));
  CHECK(reason.ends_with("noise \nthe last words"));
  CHECK(reason.size() <= prefix.size() + 4096);
  CHECK(run.rows.size() == 39);
  checkOwnValues(run, words);
}

TEST_CASE("an Exec command that cannot start fails at once with the shell's error") {
  ModelHarness h = exec("popper-no-such-command --flag", 5000);
  auto op = h.make();
  REQUIRE(op.isOk());  // the shell itself starts
  std::vector<std::string> words(200, "row");
  auto start = std::chrono::steady_clock::now();
  try {
    h.run(**op, texts(words));
    FAIL("no OperatorFailure");
  } catch (const catalog::OperatorFailure& e) {
    CHECK(std::string(e.what()) ==
          "Exec command 'popper-no-such-command --flag' cannot start: it exited with status 127 before "
          "replying; stderr: /bin/sh: 1: popper-no-such-command: not found");
  }
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
}

TEST_CASE("an Exec model that dies before its first reply every time fails the run with its stderr") {
  std::filesystem::path path = std::filesystem::temp_directory_path() / "popper-exec-proto-broken.py";
  std::ofstream(path) << "import json\nraise SystemExit('cannot load the model: weights.bin is missing')\n";
  ModelHarness h = exec("python3 " + path.string(), 5000);
  auto op = h.make();
  REQUIRE(op.isOk());
  try {
    h.run(**op, texts({"a", "b", "c", "d"}));
    FAIL("no OperatorFailure");
  } catch (const catalog::OperatorFailure& e) {
    CHECK(std::string(e.what()) == "Exec command 'python3 " + path.string() +
                                       "' cannot start: it exited with status 1 before replying; stderr: "
                                       "cannot load the model: weights.bin is missing");
  }
}

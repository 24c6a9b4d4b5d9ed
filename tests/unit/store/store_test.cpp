// The run store: opening and migrating, recording and finding runs, blobs,
// and the errors of a damaged, newer or unwritable store.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <set>

#include "store/Blobs.h"
#include "store/Schema.h"
#include "store_test_support.h"

namespace popper::store {
namespace {

using test::TempFolder;

int64_t count(Store& s, const std::string& sql) { return s.database().queryInt(sql).value(); }

TEST_CASE("a new store is created with the current schema, and reopens") {
  TempFolder dir("create");
  std::string folder = dir / "store";
  {
    auto s = Store::open(folder, /*create=*/true);
    REQUIRE_MESSAGE(s.isOk(), s.status().message());
    CHECK(count(*s, "PRAGMA user_version") == kSchemaVersion);
    CHECK(count(*s, "PRAGMA application_id") == kApplicationId);
  }
  auto again = Store::open(folder, /*create=*/false);
  REQUIRE(again.isOk());
  CHECK(again->listRuns()->empty());
}

TEST_CASE("opening a missing store without create says where it looked") {
  TempFolder dir("missing");
  auto s = Store::open(dir / "nothing", /*create=*/false);
  REQUIRE_FALSE(s.isOk());
  CHECK(s.status().message().find("no run store at") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "nothing"));
}

TEST_CASE("a run is recorded with its report, outputs, handlers and snapshots") {
  TempFolder dir("record");
  test::writeFile(dir / "out.csv", "b\na\na\n");
  test::writeFile(dir / "truth.csv", "line\na\n");
  auto s = Store::open(dir / "store", true);
  REQUIRE(s.isOk());
  auto rec = s->recordRun(test::reportWithOutput(dir / "out.csv", 3),
                          test::filesFor(dir / "out.csv", dir / "truth.csv"));
  REQUIRE_MESSAGE(rec.isOk(), rec.status().message());
  CHECK(rec->id.size() == 12);
  CHECK(rec->warnings.empty());

  auto runs = s->listRuns();
  REQUIRE(runs->size() == 1);
  CHECK((*runs)[0].id == rec->id);
  CHECK((*runs)[0].rowsOut == 3);
  CHECK(*s->findRun(rec->id.substr(0, 4)) == rec->id);
  CHECK((*s->report(rec->id))["outputs"][0]["rows"] == 3);
  auto outs = s->outputs(rec->id);
  REQUIRE(outs->size() == 1);
  CHECK((*outs)[0].f1 == doctest::Approx(0.5));
  CHECK((*outs)[0].columns == std::vector<std::string>{"line"});
  std::string copy;
  REQUIRE(readBlob(s->database(), (*outs)[0].snapshot, [&](std::string_view b) {
            copy += b;
            return Status::ok();
          }).isOk());
  CHECK(copy == "b\na\na\n");
  CHECK(count(*s, "SELECT count(*) FROM handlers") == 1);

  SUBCASE("the same content is stored once") {
    REQUIRE(s->recordRun(test::reportWithOutput(dir / "out.csv", 3), test::filesFor(dir / "out.csv")).isOk());
    CHECK(s->listRuns()->size() == 2);
    CHECK(count(*s, "SELECT count(*) FROM blobs") == 2);  // the output and the truth
  }
  SUBCASE("a file that is gone is a warning, not a failure") {
    auto gone = s->recordRun(test::reportWithOutput(dir / "out.csv", 3), test::filesFor(dir / "missing.csv"));
    REQUIRE(gone.isOk());
    CHECK((*s->outputs(gone->id))[0].snapshot.empty());
  }
}

TEST_CASE("a large output is stored in chunks and read back line by line") {
  TempFolder dir("large");
  std::string text;
  for (int i = 0; i < 200000; ++i) text += "row number " + std::to_string(i) + "\n";
  REQUIRE(text.size() > 2 * kBlobChunkBytes);
  test::writeFile(dir / "big.csv", text);
  auto s = Store::open(dir / "store", true);
  auto rec = s->recordRun(test::reportWithOutput(dir / "big.csv", 200000), test::filesFor(dir / "big.csv"));
  REQUIRE(rec.isOk());
  CHECK(count(*s, "SELECT count(*) FROM blob_chunks") >= 3);
  int lines = 0;
  bool inOrder = true;
  REQUIRE(readBlobLines(s->database(), (*s->outputs(rec->id))[0].snapshot, [&](std::string_view l) {
            inOrder = inOrder && l == "row number " + std::to_string(lines);
            ++lines;
            return Status::ok();
          }).isOk());
  CHECK(lines == 200000);
  CHECK(inOrder);
}

TEST_CASE("run ids: a unique prefix finds the run; an ambiguous or unknown one says why") {
  TempFolder dir("prefix");
  test::writeFile(dir / "out.csv", "a\n");
  auto s = Store::open(dir / "store", true);
  std::map<char, int> firsts;
  for (int i = 0; i < 40; ++i) {
    auto rec = s->recordRun(test::reportWithOutput(dir / "out.csv", 1), test::filesFor(dir / "out.csv"));
    REQUIRE(rec.isOk());
    ++firsts[rec->id[0]];
    CHECK(*s->findRun(rec->id) == rec->id);
  }
  char shared = 0;
  for (auto [c, n] : firsts)
    if (n > 1) shared = c;
  REQUIRE(shared != 0);  // 40 ids, 16 first digits
  auto ambiguous = s->findRun(std::string(1, shared));
  REQUIRE_FALSE(ambiguous.isOk());
  CHECK(ambiguous.status().code() == StatusCode::InvalidArgument);
  CHECK(ambiguous.status().message().find("is ambiguous") != std::string::npos);
  for (const char* bad : {"zz", "0123456789abc", "not an id"}) {
    auto unknown = s->findRun(bad);
    REQUIRE_FALSE(unknown.isOk());
    CHECK(unknown.status().code() == StatusCode::NotFound);
    CHECK(unknown.status().message().find("no run") != std::string::npos);
  }
}

TEST_CASE("a damaged database file is an error naming it, and is left as it was") {
  TempFolder dir("corrupt");
  std::filesystem::create_directories(dir / "store");
  std::string garbage(8192, 'x');
  test::writeFile(dir / "store/runs.db", garbage);
  auto s = Store::open(dir / "store", true);
  REQUIRE_FALSE(s.isOk());
  CHECK(s.status().message().find("runs.db") != std::string::npos);
  CHECK(s.status().message().find("damaged or not a popper run store") != std::string::npos);
  CHECK(test::readFile(dir / "store/runs.db") == garbage);
}

TEST_CASE("a store of a newer schema, or another program's database, is refused untouched") {
  TempFolder dir("newer");
  {
    auto s = Store::open(dir / "store", true);
    REQUIRE(s.isOk());
    REQUIRE(s->database().exec("PRAGMA user_version = 99").isOk());
  }
  auto newer = Store::open(dir / "store", true);
  REQUIRE_FALSE(newer.isOk());
  CHECK(newer.status().message().find("schema version 99, newer than this popper knows") !=
        std::string::npos);

  auto other = Database::open(dir / "other.db", true);
  REQUIRE(other->exec("CREATE TABLE t(x)").isOk());
  std::filesystem::create_directories(dir / "otherstore");
  std::filesystem::rename(dir / "other.db", dir / "otherstore/runs.db");
  auto foreign = Store::open(dir / "otherstore", true);
  REQUIRE_FALSE(foreign.isOk());
  CHECK(foreign.status().message().find("not a popper run store") != std::string::npos);
}

TEST_CASE("a store that cannot be written is an error naming the folder") {
  auto proc = Store::open("/proc/self/popper-store", true);  // read-only even for root
  REQUIRE_FALSE(proc.isOk());
  CHECK(proc.status().message().find("/proc/self/popper-store") != std::string::npos);
  if (geteuid() != 0) {
    TempFolder dir("readonly");
    std::filesystem::create_directories(dir / "store");
    std::filesystem::permissions(dir / "store",
                                 std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    auto ro = Store::open(dir / "store", true);
    REQUIRE_FALSE(ro.isOk());
    CHECK(ro.status().message().find("cannot write the run store folder") != std::string::npos);
  }
}

TEST_CASE("two processes recording at once both succeed") {
  TempFolder dir("concurrent");
  test::writeFile(dir / "out.csv", std::string(3 << 20, 'a') + "\n");
  REQUIRE(Store::open(dir / "store", true).isOk());
  constexpr int kRuns = 15;
  std::vector<pid_t> children;
  for (int child = 0; child < 2; ++child) {
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      auto s = Store::open(dir / "store", false);
      if (!s) _exit(2);
      for (int i = 0; i < kRuns; ++i) {
        // Each child's own output too, so both copy content under the write lock.
        std::string mine = dir / ("out" + std::to_string(child) + "_" + std::to_string(i) + ".csv");
        test::writeFile(mine, std::string(1 << 20, static_cast<char>('b' + child)) + std::to_string(i));
        RunFiles files = test::filesFor(dir / "out.csv");
        files.outputs.push_back(files.outputs[0]);
        files.outputs[1].resolved = mine;
        auto rec = s->recordRun(test::reportWithOutput(dir / "out.csv", i), files);
        if (!rec || !rec->warnings.empty()) _exit(3);
      }
      _exit(0);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
  auto s = Store::open(dir / "store", false);
  CHECK(s->listRuns()->size() == 2 * kRuns);
  CHECK(count(*s, "SELECT count(*) FROM blobs") == 1 + 2 * kRuns);
}

}  // namespace
}  // namespace popper::store

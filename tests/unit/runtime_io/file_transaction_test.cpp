// A run's files: where each is written (OutputPlace), staged temporary files
// and their names, the transaction that commits them all or none, the
// removal of temporary files on a signal and after a kill -9.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <csignal>
#include <thread>

#include "io_test_support.h"
#include "runtime/io/FileTransaction.h"
#include "runtime/io/OutputPlace.h"
#include "runtime/io/TempFiles.h"

using namespace popper;
using namespace popper::test;

namespace {

// The names in a folder (not recursive).
std::vector<std::string> namesIn(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  for (auto& e : std::filesystem::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

Status stageText(FileTransaction& files, const std::string& path, const std::string& text) {
  auto f = files.stage(path);
  if (!f) return f.status();
  (*f)->buffer().append(text);
  return (*f)->flush();
}

}  // namespace

TEST_CASE("a temporary file is named after its target and its process") {
  std::string temp = tempfiles::tempPathFor("/some/dir/out.csv");
  CHECK(std::filesystem::path(temp).parent_path() == "/some/dir");
  std::string name = std::filesystem::path(temp).filename().string();
  CHECK(name.rfind(".out.csv.popper-tmp-" + std::to_string(::getpid()) + "-", 0) == 0);
  CHECK(tempfiles::pidOfTempName(name) == ::getpid());
  CHECK(tempfiles::tempPathFor("/some/dir/out.csv") != temp);
  for (const char* other : {"out.csv", ".out.csv", ".out.csv.popper-tmp-", ".out.csv.popper-tmp-12",
                            ".out.csv.popper-tmp-12-", ".out.csv.popper-tmp-x-1", ".popper-tmp-12-1"})
    CHECK_MESSAGE(tempfiles::pidOfTempName(other) == 0, other);
}

TEST_CASE("stale temporary files of processes that are gone are removed, no others") {
  TempDir dir;
  long dead = deadPid();
  std::string stale = dir.file(".o.csv.popper-tmp-" + std::to_string(dead) + "-0");
  std::string mine = tempfiles::tempPathFor(dir.file("o.csv"));
  std::string parents = dir.file(".o.csv.popper-tmp-" + std::to_string(::getppid()) + "-3");
  for (const std::string& p : {stale, mine, parents, dir.file("o.csv"), dir.file("notes.popper-tmp-1-1")})
    writeFile(p, "x");
  CHECK(tempfiles::removeStaleTemps(dir.path.string()) == 1);
  CHECK_FALSE(std::filesystem::exists(stale));
  CHECK(std::filesystem::exists(mine));     // this process is alive
  CHECK(std::filesystem::exists(parents));  // so is its parent
  CHECK(std::filesystem::exists(dir.file("o.csv")));
  CHECK(std::filesystem::exists(dir.file("notes.popper-tmp-1-1")));  // not a name of ours
}

TEST_CASE("staging into a folder removes what a killed run left there") {
  TempDir dir;
  std::string stale = dir.file(".o.csv.popper-tmp-" + std::to_string(deadPid()) + "-7");
  writeFile(stale, "partial");
  FileTransaction files;
  REQUIRE(stageText(files, dir.file("o.csv"), "new\n").isOk());
  CHECK_FALSE(std::filesystem::exists(stale));
  REQUIRE(files.commit().isOk());
  CHECK(namesIn(dir.path) == std::vector<std::string>{"o.csv"});
}

TEST_CASE("files are committed together: one that cannot be written leaves every old one intact") {
  TempDir dir;
  writeFile(dir.file("a.csv"), "old a\n");
  writeFile(dir.file("b.csv"), "old b\n");
  FileTransaction files;
  REQUIRE(stageText(files, dir.file("a.csv"), "new a\n").isOk());
  auto big = files.stage(dir.file("b.csv"));
  REQUIRE(big.isOk());
  (*big)->buffer().append(std::string(64 * 1024, 'b'));
  Status committed;
  {
    FileSizeLimit full(4096);
    committed = files.commit();
  }
  REQUIRE_FALSE(committed.isOk());
  CHECK(committed.message().rfind("cannot write '" + dir.file("b.csv") + "'", 0) == 0);  // names the file
  CHECK(readFile(dir.file("a.csv")) == "old a\n");
  CHECK(readFile(dir.file("b.csv")) == "old b\n");
  CHECK(namesIn(dir.path) == std::vector<std::string>{"a.csv", "b.csv"});  // no temporary file left
}

TEST_CASE("a committed transaction replaces every file and removes what it was told to") {
  TempDir dir;
  writeFile(dir.file("a.csv"), "old a\n");
  writeFile(dir.file("rejects.jsonl"), "old rejects\n");
  writeFile(dir.file("keep.jsonl"), "kept\n");
  std::filesystem::create_symlink(dir.file("keep.jsonl"), dir.file("link.jsonl"));
  FileTransaction files;
  REQUIRE(stageText(files, dir.file("a.csv"), "new a\n").isOk());
  REQUIRE(stageText(files, dir.file("b.csv"), "new b\n").isOk());
  files.removeOnCommit(dir.file("rejects.jsonl"));
  files.removeOnCommit(dir.file("link.jsonl"));  // a link: not removed
  CHECK(readFile(dir.file("a.csv")) == "old a\n");
  CHECK_FALSE(std::filesystem::exists(dir.file("b.csv")));
  REQUIRE(files.commit().isOk());
  CHECK(files.committed());
  CHECK(readFile(dir.file("a.csv")) == "new a\n");
  CHECK(readFile(dir.file("b.csv")) == "new b\n");
  CHECK(namesIn(dir.path) == std::vector<std::string>{"a.csv", "b.csv", "keep.jsonl", "link.jsonl"});
}

TEST_CASE("an aborted or abandoned transaction leaves nothing but the old files") {
  TempDir dir;
  writeFile(dir.file("a.csv"), "old a\n");
  {
    FileTransaction files;
    REQUIRE(stageText(files, dir.file("a.csv"), "new a\n").isOk());
    REQUIRE(stageText(files, dir.file("b.csv"), "new b\n").isOk());
  }
  CHECK(namesIn(dir.path) == std::vector<std::string>{"a.csv"});
  CHECK(readFile(dir.file("a.csv")) == "old a\n");
}

TEST_CASE("a link to a regular file replaces the file it points to; the link stays a link") {
  TempDir dir;
  std::filesystem::create_directories(dir.path / "real");
  writeFile(dir.file("real/target.csv"), "old\n");
  ::chmod(dir.file("real/target.csv").c_str(), 0600);
  std::filesystem::create_symlink("real/target.csv", dir.path / "link.csv");
  auto place = placeOutput(dir.file("link.csv"));
  REQUIRE(place.isOk());
  CHECK(place->kind == OutputPlaceKind::Replace);
  CHECK(place->path == dir.file("real/target.csv"));
  FileTransaction files;
  auto f = files.stage(dir.file("link.csv"));
  REQUIRE(f.isOk());
  CHECK(std::filesystem::path((*f)->tempPath()).parent_path() == dir.path / "real");  // beside its target
  (*f)->buffer().append("new\n");
  REQUIRE(files.commit().isOk());
  CHECK(std::filesystem::is_symlink(dir.path / "link.csv"));
  CHECK(readFile(dir.file("real/target.csv")) == "new\n");
  struct stat st;
  REQUIRE(::stat(dir.file("real/target.csv").c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);  // the replacement keeps the file's permissions
  CHECK(st.st_uid == ::getuid());
  CHECK(namesIn(dir.path / "real") == std::vector<std::string>{"target.csv"});
}

TEST_CASE("a replaced file keeps its owner where the process may give it") {
  if (::geteuid() != 0) return;  // only root may give a file away
  TempDir dir;
  writeFile(dir.file("o.csv"), "old\n");
  REQUIRE(::chown(dir.file("o.csv").c_str(), 4321, 4321) == 0);
  FileTransaction files;
  REQUIRE(stageText(files, dir.file("o.csv"), "new\n").isOk());
  REQUIRE(files.commit().isOk());
  struct stat st;
  REQUIRE(::stat(dir.file("o.csv").c_str(), &st) == 0);
  CHECK(st.st_uid == 4321);
  CHECK(st.st_gid == 4321);
  CHECK(readFile(dir.file("o.csv")) == "new\n");
}

TEST_CASE("a FIFO is written in place, never replaced") {
  TempDir dir;
  std::string fifo = dir.file("pipe");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string received;
  std::thread reader([&] { received = readFile(fifo); });
  FileTransaction files;
  auto f = files.stage(fifo);  // opens once the reader does
  REQUIRE(f.isOk());
  CHECK((*f)->inPlace());
  (*f)->buffer().append("a,1\nb,2\n");
  REQUIRE(files.commit().isOk());
  reader.join();
  CHECK(received == "a,1\nb,2\n");
  struct stat st;
  REQUIRE(::lstat(fifo.c_str(), &st) == 0);
  CHECK(S_ISFIFO(st.st_mode));
  CHECK(namesIn(dir.path) == std::vector<std::string>{"pipe"});
}

TEST_CASE("devices and /proc links are written in place; a folder is an error") {
  auto null = placeOutput("/dev/null");
  REQUIRE(null.isOk());
  CHECK(null->kind == OutputPlaceKind::InPlace);
  if (std::filesystem::exists("/dev/stdout")) {
    auto out = placeOutput("/dev/stdout");
    REQUIRE(out.isOk());
    CHECK(out->kind == OutputPlaceKind::InPlace);
  }
  CHECK(placeOutput("-")->kind == OutputPlaceKind::StandardOutput);
  TempDir dir;
  auto folder = placeOutput(dir.path.string());
  REQUIRE_FALSE(folder.isOk());
  CHECK(folder.status().message() == "cannot write output file '" + dir.path.string() + "': it is a folder");

  FileTransaction files;
  REQUIRE(stageText(files, "/dev/null", "discarded\n").isOk());
  REQUIRE(files.commit().isOk());
  struct stat st;
  REQUIRE(::lstat("/dev/null", &st) == 0);
  CHECK(S_ISCHR(st.st_mode));
}

TEST_CASE("\"-\" writes standard output") {
  int pipeFds[2];
  REQUIRE(::pipe(pipeFds) == 0);
  int savedStdout = ::dup(STDOUT_FILENO);
  ::dup2(pipeFds[1], STDOUT_FILENO);
  Status committed;
  {
    FileTransaction files;
    committed = stageText(files, "-", "x\ty\n");
    if (committed.isOk()) committed = files.commit();
  }
  ::dup2(savedStdout, STDOUT_FILENO);
  ::close(savedStdout);
  ::close(pipeFds[1]);
  char buf[64];
  ssize_t n = ::read(pipeFds[0], buf, sizeof buf);
  ::close(pipeFds[0]);
  REQUIRE(committed.isOk());
  CHECK(std::string(buf, static_cast<size_t>(std::max<ssize_t>(n, 0))) == "x\ty\n");
  CHECK(::fcntl(STDOUT_FILENO, F_GETFD) != -1);  // standard output stays open
}

TEST_CASE("a SIGTERM removes the registered temporary files and the process dies of it") {
  TempDir dir;
  writeFile(dir.file("o.csv"), "old\n");
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    tempfiles::removeTempsOnSignals();
    FileTransaction files;
    if (!stageText(files, dir.file("o.csv"), "new\n").isOk()) ::_exit(2);
    if (!stageText(files, dir.file("p.csv"), "new\n").isOk()) ::_exit(2);
    ::raise(SIGTERM);
    ::_exit(3);  // not reached: the default action ends the process
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGTERM);
  CHECK(namesIn(dir.path) == std::vector<std::string>{"o.csv"});
  CHECK(readFile(dir.file("o.csv")) == "old\n");
}

TEST_CASE("a signal while the files are renamed waits until they all are") {
  TempDir dir;
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    tempfiles::removeTempsOnSignals();
    {
      tempfiles::DeferSignals renaming;
      ::raise(SIGTERM);  // held back
      writeFile(dir.file("after-the-signal"), "x");
    }  // the process dies of SIGTERM here
    ::_exit(3);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGTERM);
  CHECK(std::filesystem::exists(dir.file("after-the-signal")));
}

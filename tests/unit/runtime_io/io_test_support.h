// Test support for readers and writers: a scratch folder, whole-file helpers,
// and reading a file to the end into one batch.
#pragma once

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "runtime/io/BatchReader.h"
#include "runtime/io/BatchWriter.h"
#include "tests/unit/runtime_expr/expr_builders.h"

namespace popper::test {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           ("popper_io_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

inline void writeFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}
inline std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct ReadAll {
  Batch rows;
  std::vector<ReadError> errors;
  uint64_t records = 0;
};

// Reads every batch of `reader` into one batch (strings copied).
inline ReadAll readAll(BatchReader& reader, const SchemaPtr& schema) {
  ReadAll all;
  all.rows = Batch(schema);
  Batch b;
  for (;;) {
    Result<bool> more = reader.next(b, all.errors);
    REQUIRE(more.isOk());
    if (!*more) break;
    all.rows.appendRows(b, 0, b.size(), StringCopy::Deep);
  }
  all.records = reader.recordsRead();
  return all;
}

inline ReaderOptions readerOptions(const std::string& path, SchemaPtr schema, bool header = false) {
  ReaderOptions o;
  o.path = path;
  o.schema = std::move(schema);
  o.header = header;
  return o;
}

inline ReadAll readCsv(const std::string& path, const SchemaPtr& schema, bool header = false,
                       size_t batchRows = kBatchRows) {
  ReaderOptions o = readerOptions(path, schema, header);
  o.batchRows = batchRows;
  auto reader = openCsvReader(o);
  REQUIRE(reader.isOk());
  return readAll(**reader, schema);
}

inline SchemaPtr withDefault(SchemaPtr s, int column, Literal value) {
  Schema copy = *s;
  copy[column].defaultValue = std::move(value);
  return std::make_shared<const Schema>(std::move(copy));
}

// A PID no process has (a child that has exited and been reaped).
inline long deadPid() {
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  return child;
}

// While it lives, write() fails with EFBIG past `bytes` (RLIMIT_FSIZE, with
// SIGXFSZ ignored), as it would with ENOSPC on a full disk.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    ::getrlimit(RLIMIT_FSIZE, &old_);
    oldHandler_ = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = old_;
    small.rlim_cur = bytes;
    ::setrlimit(RLIMIT_FSIZE, &small);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &old_);
    std::signal(SIGXFSZ, oldHandler_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  struct rlimit old_ = {};
  void (*oldHandler_)(int) = nullptr;
};

}  // namespace popper::test

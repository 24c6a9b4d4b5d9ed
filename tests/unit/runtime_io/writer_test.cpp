// Writers: CSV quoting round trips, JSONL, Lines, Changelog, float format, and
// atomic commit (the destination appears only on commit, never partially).
#include <doctest/doctest.h>
#include <sys/resource.h>

#include <cmath>
#include <csignal>

#include "io_test_support.h"

using namespace popper;
using namespace popper::test;

namespace {
WriterOptions writerOptions(const std::string& path, SchemaPtr schema, bool header = false) {
  WriterOptions o;
  o.path = path;
  o.schema = std::move(schema);
  o.header = header;
  return o;
}

void writeAll(Result<std::unique_ptr<BatchWriter>> writer, const Batch& b) {
  REQUIRE(writer.isOk());
  REQUIRE((*writer)->write(b).isOk());
  REQUIRE((*writer)->commit().isOk());
}
}  // namespace

TEST_CASE("CSV quotes only when needed and reads back to the same values") {
  TempDir dir;
  std::vector<std::string> nasty = {"plain",    "a,b",    "say \"hi\"", "two\nlines", "cr\rhere", "",
                                    " spaced ", "日本語", "\"",         ",",          "end\r\n"};
  std::vector<int64_t> ids;
  for (size_t i = 0; i < nasty.size(); ++i) ids.push_back(static_cast<int64_t>(i));
  std::vector<double> floats(nasty.size(), 0.1);
  floats[1] = 1e20;
  floats[2] = -0.0;
  floats[3] = 36;
  Batch b = BatchBuilder({{"id", Type::Int}, {"s", Type::String}, {"f", Type::Float}})
                .ints(0, ids)
                .strings(1, nasty)
                .floats(2, floats)
                .done();
  writeAll(openCsvWriter(writerOptions(dir.file("out.csv"), b.schemaPtr(), true)), b);
  std::string text = readFile(dir.file("out.csv"));
  CHECK(text.rfind("id,s,f\n0,plain,0.1\n1,\"a,b\",1e+20\n2,\"say \"\"hi\"\"\",-0.0\n3,\"two\nlines\",36.0\n",
                   0) == 0);
  CHECK(text.find("\n5,,0.1\n") != std::string::npos);
  ReadAll back = readCsv(dir.file("out.csv"), b.schemaPtr(), true);
  CHECK(back.errors.empty());
  REQUIRE(back.rows.size() == nasty.size());
  for (size_t i = 0; i < nasty.size(); ++i) {
    CHECK(back.rows.column(1).strings[i] == nasty[i]);
    CHECK(back.rows.column(2).floats[i] == floats[i]);
  }
}

TEST_CASE("a one-column row with an empty string is quoted so it is not a blank line") {
  TempDir dir;
  Batch b = BatchBuilder({{"s", Type::String}}).strings(0, {"", "x"}).done();
  writeAll(openCsvWriter(writerOptions(dir.file("o.csv"), b.schemaPtr())), b);
  CHECK(readFile(dir.file("o.csv")) == "\"\"\nx\n");
  ReadAll back = readCsv(dir.file("o.csv"), b.schemaPtr());
  REQUIRE(back.rows.size() == 2);
  CHECK(back.rows.column(0).strings[0] == "");
}

TEST_CASE("JSONL escapes strings and writes non-finite floats as strings") {
  TempDir dir;
  Batch b = BatchBuilder({{"s", Type::String}, {"f", Type::Float}, {"b", Type::Bool}, {"i", Type::Int}})
                .strings(0, {"a\"b\\c\n\x01é"})
                .floats(1, {std::nan("")})
                .bools(2, {1})
                .ints(3, {-4})
                .done();
  writeAll(openJsonlWriter(writerOptions(dir.file("o.jsonl"), b.schemaPtr())), b);
  CHECK(readFile(dir.file("o.jsonl")) ==
        "{\"s\":\"a\\\"b\\\\c\\n\\u0001é\",\"f\":\"nan\",\"b\":true,\"i\":-4}\n");
  // And it reads back.
  Batch c = BatchBuilder({{"s", Type::String}, {"f", Type::Float}}).strings(0, {"x"}).floats(1, {2.5}).done();
  writeAll(openJsonlWriter(writerOptions(dir.file("c.jsonl"), c.schemaPtr())), c);
  auto reader = openJsonlReader(readerOptions(dir.file("c.jsonl"), c.schemaPtr()));
  REQUIRE(reader.isOk());
  ReadAll back = readAll(**reader, c.schemaPtr());
  REQUIRE(back.rows.size() == 1);
  CHECK(back.rows.column(1).floats[0] == 2.5);
}

TEST_CASE("Lines writes values separated by tabs") {
  TempDir dir;
  Batch b = BatchBuilder({{"s", Type::String}, {"f", Type::Float}})
                .strings(0, {"a b", "c"})
                .floats(1, {1, 0.5})
                .done();
  writeAll(openLinesWriter(writerOptions(dir.file("o.txt"), b.schemaPtr())), b);
  CHECK(readFile(dir.file("o.txt")) == "a b\t1.0\nc\t0.5\n");
}

TEST_CASE("Changelog writes a weight column of + and -") {
  TempDir dir;
  Batch b =
      BatchBuilder({{"k", Type::String}, {"n", Type::Int}}).strings(0, {"a", "a,b"}).ints(1, {1, 2}).done();
  b.weights[1] = kRetract;
  writeAll(openChangelogWriter(writerOptions(dir.file("c.csv"), b.schemaPtr())), b);
  CHECK(readFile(dir.file("c.csv")) == "weight,k,n\n+,a,1\n-,\"a,b\",2\n");
}

TEST_CASE("the destination appears only on commit; abort leaves nothing") {
  TempDir dir;
  Batch b = BatchBuilder({{"x", Type::Int}}).ints(0, {1, 2}).done();
  std::string path = dir.file("out.csv");
  auto writer = openCsvWriter(writerOptions(path, b.schemaPtr()));
  REQUIRE(writer.isOk());
  REQUIRE((*writer)->write(b).isOk());
  CHECK(!std::filesystem::exists(path));
  REQUIRE((*writer)->commit().isOk());
  CHECK(readFile(path) == "1\n2\n");

  auto second = openCsvWriter(writerOptions(dir.file("aborted.csv"), b.schemaPtr()));
  REQUIRE(second.isOk());
  REQUIRE((*second)->write(b).isOk());
  (*second)->abort();
  {
    auto dropped = openCsvWriter(writerOptions(dir.file("dropped.csv"), b.schemaPtr()));
    REQUIRE(dropped.isOk());
    REQUIRE((*dropped)->write(b).isOk());
  }  // destroyed without commit
  size_t files = 0;
  for (auto& e : std::filesystem::directory_iterator(dir.path)) {
    (void)e;
    ++files;
  }
  CHECK(files == 1);  // only out.csv: no temporary files left behind
}

TEST_CASE("an existing destination is replaced whole on commit") {
  TempDir dir;
  std::string path = dir.file("o.csv");
  writeFile(path, "old contents\n");
  Batch b = BatchBuilder({{"x", Type::Int}}).ints(0, {7}).done();
  auto writer = openCsvWriter(writerOptions(path, b.schemaPtr()));
  REQUIRE(writer.isOk());
  REQUIRE((*writer)->write(b).isOk());
  CHECK(readFile(path) == "old contents\n");
  REQUIRE((*writer)->commit().isOk());
  CHECK(readFile(path) == "7\n");
}

TEST_CASE("write errors are Status errors naming the path") {
  auto missing = openCsvWriter(writerOptions("/nonexistent-dir/o.csv", schemaOf({{"x", Type::Int}})));
  REQUIRE(!missing.isOk());
  CHECK(missing.status().code() == StatusCode::IoError);
  CHECK(missing.status().message().rfind("cannot create output file '/nonexistent-dir/o.csv'", 0) == 0);
}

TEST_CASE("a failing write (as on a full disk) is an IoError and leaves no file behind") {
  // RLIMIT_FSIZE makes write() fail with EFBIG past the limit, like ENOSPC would.
  TempDir dir;
  struct rlimit old;
  REQUIRE(::getrlimit(RLIMIT_FSIZE, &old) == 0);
  auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = old;
  small.rlim_cur = 4096;
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
  std::vector<std::string> rows(40000, "a fairly long string value to fill the buffer");
  Batch b = BatchBuilder({{"s", Type::String}}).strings(0, rows).done();
  auto writer = openCsvWriter(writerOptions(dir.file("o.csv"), b.schemaPtr()));
  REQUIRE(writer.isOk());
  Status written = (*writer)->write(b);
  Status committed = written.isOk() ? (*writer)->commit() : written;
  ::setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, oldHandler);
  REQUIRE(!committed.isOk());
  CHECK(committed.code() == StatusCode::IoError);
  CHECK(committed.message().rfind("cannot write '" + dir.file("o.csv") + "'", 0) == 0);
  writer->reset();
  CHECK(std::filesystem::is_empty(dir.path));
}

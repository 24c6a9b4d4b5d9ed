// Writers: CSV quoting round trips, JSONL, Lines, Changelog, float format, and
// atomic commit (the destination appears only when the run's FileTransaction
// commits, never partially; file_transaction_test.cpp has the transaction's own cases).
#include <doctest/doctest.h>

#include <cmath>

#include "io_test_support.h"

using namespace popper;
using namespace popper::test;

namespace {
WriterOptions writerOptions(const std::string& path, SchemaPtr schema, bool header, FileTransaction& files) {
  WriterOptions o;
  o.path = path;
  o.files = &files;
  o.schema = std::move(schema);
  o.header = header;
  return o;
}

// Opens a writer in a transaction of its own, writes `b` and commits.
void writeAll(const std::string& path, const Batch& b,
              Result<std::unique_ptr<BatchWriter>> (*open)(const WriterOptions&), bool header = false) {
  FileTransaction files;
  auto writer = open(writerOptions(path, b.schemaPtr(), header, files));
  REQUIRE(writer.isOk());
  REQUIRE((*writer)->write(b).isOk());
  REQUIRE((*writer)->finish().isOk());
  REQUIRE(files.commit().isOk());
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
  writeAll(dir.file("out.csv"), b, openCsvWriter, true);
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
  writeAll(dir.file("o.csv"), b, openCsvWriter);
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
  writeAll(dir.file("o.jsonl"), b, openJsonlWriter);
  CHECK(readFile(dir.file("o.jsonl")) ==
        "{\"s\":\"a\\\"b\\\\c\\n\\u0001é\",\"f\":\"nan\",\"b\":true,\"i\":-4}\n");
  // And it reads back.
  Batch c = BatchBuilder({{"s", Type::String}, {"f", Type::Float}}).strings(0, {"x"}).floats(1, {2.5}).done();
  writeAll(dir.file("c.jsonl"), c, openJsonlWriter);
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
  writeAll(dir.file("o.txt"), b, openLinesWriter);
  CHECK(readFile(dir.file("o.txt")) == "a b\t1.0\nc\t0.5\n");
}

TEST_CASE("Changelog writes a weight column of + and -") {
  TempDir dir;
  Batch b =
      BatchBuilder({{"k", Type::String}, {"n", Type::Int}}).strings(0, {"a", "a,b"}).ints(1, {1, 2}).done();
  b.weights[1] = kRetract;
  writeAll(dir.file("c.csv"), b, openChangelogWriter);
  CHECK(readFile(dir.file("c.csv")) == "weight,k,n\n+,a,1\n-,\"a,b\",2\n");
}

TEST_CASE("the destination appears only on commit; abort leaves nothing") {
  TempDir dir;
  Batch b = BatchBuilder({{"x", Type::Int}}).ints(0, {1, 2}).done();
  std::string path = dir.file("out.csv");
  FileTransaction files;
  auto writer = openCsvWriter(writerOptions(path, b.schemaPtr(), false, files));
  REQUIRE(writer.isOk());
  REQUIRE((*writer)->write(b).isOk());
  REQUIRE((*writer)->finish().isOk());
  CHECK(!std::filesystem::exists(path));
  REQUIRE(files.commit().isOk());
  CHECK(readFile(path) == "1\n2\n");

  FileTransaction aborted;
  auto second = openCsvWriter(writerOptions(dir.file("aborted.csv"), b.schemaPtr(), false, aborted));
  REQUIRE(second.isOk());
  REQUIRE((*second)->write(b).isOk());
  (*second)->abort();
  {
    FileTransaction dropped;
    auto writer3 = openCsvWriter(writerOptions(dir.file("dropped.csv"), b.schemaPtr(), false, dropped));
    REQUIRE(writer3.isOk());
    REQUIRE((*writer3)->write(b).isOk());
    REQUIRE((*writer3)->finish().isOk());
  }  // destroyed without commit
  size_t count = 0;
  for (auto& e : std::filesystem::directory_iterator(dir.path)) {
    (void)e;
    ++count;
  }
  CHECK(count == 1);  // only out.csv: no temporary files left behind
}

TEST_CASE("an existing destination is replaced whole on commit") {
  TempDir dir;
  std::string path = dir.file("o.csv");
  writeFile(path, "old contents\n");
  Batch b = BatchBuilder({{"x", Type::Int}}).ints(0, {7}).done();
  FileTransaction files;
  auto writer = openCsvWriter(writerOptions(path, b.schemaPtr(), false, files));
  REQUIRE(writer.isOk());
  REQUIRE((*writer)->write(b).isOk());
  REQUIRE((*writer)->finish().isOk());
  CHECK(readFile(path) == "old contents\n");
  REQUIRE(files.commit().isOk());
  CHECK(readFile(path) == "7\n");
}

TEST_CASE("write errors are Status errors naming the path") {
  FileTransaction files;
  auto missing =
      openCsvWriter(writerOptions("/nonexistent-dir/o.csv", schemaOf({{"x", Type::Int}}), false, files));
  REQUIRE(!missing.isOk());
  CHECK(missing.status().code() == StatusCode::IoError);
  CHECK(missing.status().message().rfind("cannot create output file '/nonexistent-dir/o.csv'", 0) == 0);
}

TEST_CASE("a failing write (as on a full disk) is an IoError and leaves no file behind") {
  TempDir dir;
  std::vector<std::string> rows(40000, "a fairly long string value to fill the buffer");
  Batch b = BatchBuilder({{"s", Type::String}}).strings(0, rows).done();
  FileTransaction files;
  auto writer = openCsvWriter(writerOptions(dir.file("o.csv"), b.schemaPtr(), false, files));
  REQUIRE(writer.isOk());
  Status committed;
  {
    FileSizeLimit full(4096);
    Status written = (*writer)->write(b);
    if (written.isOk()) written = (*writer)->finish();
    committed = written.isOk() ? files.commit() : written;
  }
  REQUIRE(!committed.isOk());
  CHECK(committed.code() == StatusCode::IoError);
  CHECK(committed.message().rfind("cannot write '" + dir.file("o.csv") + "'", 0) == 0);
  writer->reset();
  files.abort();
  CHECK(std::filesystem::is_empty(dir.path));
}

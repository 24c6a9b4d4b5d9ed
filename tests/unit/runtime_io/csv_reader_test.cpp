// The Csv extractor: RFC 4180 quoting, CRLF, delimiters, headers, defaults,
// and malformed rows reported with their line numbers while reading continues.
#include <doctest/doctest.h>

#include "io_test_support.h"
#include "runtime/io/BlockInput.h"

using namespace popper;
using namespace popper::test;

TEST_CASE("plain fields parse by column type") {
  TempDir dir;
  writeFile(dir.file("a.csv"), "1,seg-a,3.5,true\n-2,,1e3,FALSE\n");
  SchemaPtr s =
      schemaOf({{"id", Type::Int}, {"seg", Type::String}, {"speed", Type::Float}, {"ok", Type::Bool}});
  ReadAll all = readCsv(dir.file("a.csv"), s);
  CHECK(all.errors.empty());
  REQUIRE(all.rows.size() == 2);
  CHECK(all.rows.column(0).ints == std::vector<int64_t>{1, -2});
  CHECK(all.rows.column(1).strings[0] == "seg-a");
  CHECK(all.rows.column(1).strings[1] == "");
  CHECK(all.rows.column(2).floats == std::vector<double>{3.5, 1000});
  CHECK(all.rows.column(3).bools == std::vector<uint8_t>{1, 0});
  CHECK(all.rows.rowIds[1] == RowId::make(2, 0));
  CHECK(all.records == 2);
}

TEST_CASE("quoted fields hold delimiters, doubled quotes, newlines and CRLF") {
  TempDir dir;
  writeFile(dir.file("q.csv"),
            "1,\"a,b\"\r\n2,\"say \"\"hi\"\"\"\r\n3,\"two\nlines\"\r\n4,\"\"\r\n5,plain\"quote\n6,\"last\"");
  SchemaPtr s = schemaOf({{"id", Type::Int}, {"text", Type::String}});
  ReadAll all = readCsv(dir.file("q.csv"), s);
  CHECK(all.errors.empty());
  REQUIRE(all.rows.size() == 6);
  const auto& t = all.rows.column(1).strings;
  CHECK(t[0] == "a,b");
  CHECK(t[1] == "say \"hi\"");
  CHECK(t[2] == "two\nlines");
  CHECK(t[3] == "");
  CHECK(t[4] == "plain\"quote");
  CHECK(t[5] == "last");
  // Row ids carry the line where each record starts.
  CHECK(all.rows.rowIds[3].position() == 5);
  CHECK(all.rows.rowIds[5].position() == 7);
}

TEST_CASE("malformed rows are errors with their line numbers, and reading continues") {
  TempDir dir;
  writeFile(dir.file("bad.csv"),
            "id,speed\n"
            "1,2.5\n"
            "2\n"          // line 3: too few fields
            "x,1.0\n"      // line 4: not an int
            "4,\"3\"x\n"   // line 5: junk after a closing quote
            "5,fast\n"     // line 6: not a float
            "6,1,extra\n"  // line 7: too many fields
            "7,7.5\n"
            "8,\"unterminated\n"  // line 9: quote never closed
            "9,9.5\n");
  SchemaPtr s = schemaOf({{"id", Type::Int}, {"speed", Type::Float}});
  ReadAll all = readCsv(dir.file("bad.csv"), s, true);
  REQUIRE(all.errors.size() == 6);
  CHECK(all.errors[0].line == 3);
  CHECK(all.errors[0].reason == "expected 2 fields, found 1");
  CHECK(all.errors[1].line == 4);
  CHECK(all.errors[1].reason == "cannot parse 'x' as int for column 'id'");
  CHECK(all.errors[2].line == 5);
  CHECK(all.errors[2].reason == "unexpected character after closing quote");
  CHECK(all.errors[3].line == 6);
  CHECK(all.errors[3].reason == "cannot parse 'fast' as float for column 'speed'");
  CHECK(all.errors[4].line == 7);
  CHECK(all.errors[5].line == 9);
  CHECK(all.errors[5].reason == "unterminated quoted field");
  // The good rows, including the one after the unterminated quote.
  CHECK(all.rows.column(0).ints == std::vector<int64_t>{1, 7, 9});
  CHECK(all.rows.isConsistent());
  CHECK(all.records == 9);
}

TEST_CASE("header maps columns by name; absent columns take defaults") {
  TempDir dir;
  writeFile(dir.file("h.csv"), "speed,extra,id\n2.5,zzz,1\n,q,2\n");
  SchemaPtr s = schemaOf({{"id", Type::Int}, {"speed", Type::Float}, {"lanes", Type::Int}});
  s = withDefault(s, 2, Literal{int64_t{3}});
  s = withDefault(s, 1, Literal{int64_t{-1}});  // an int default widens for a float column
  ReadAll all = readCsv(dir.file("h.csv"), s, true);
  CHECK(all.errors.empty());
  REQUIRE(all.rows.size() == 2);
  CHECK(all.rows.column(0).ints == std::vector<int64_t>{1, 2});
  CHECK(all.rows.column(1).floats == std::vector<double>{2.5, -1.0});  // empty field -> default
  CHECK(all.rows.column(2).ints == std::vector<int64_t>{3, 3});
}

TEST_CASE("a UTF-8 byte-order mark before the header is skipped") {
  TempDir dir;
  writeFile(dir.file("bom.csv"), "\xEF\xBB\xBFid,name\n1,é\n");
  ReadAll all = readCsv(dir.file("bom.csv"), schemaOf({{"id", Type::Int}, {"name", Type::String}}), true);
  CHECK(all.errors.empty());
  REQUIRE(all.rows.size() == 1);
  CHECK(all.rows.column(1).strings[0] == "é");
}

TEST_CASE("a declared column without default missing from the header is a file error") {
  TempDir dir;
  writeFile(dir.file("h.csv"), "id\n1\n");
  SchemaPtr s = schemaOf({{"id", Type::Int}, {"speed", Type::Float}});
  auto reader = openCsvReader(readerOptions(dir.file("h.csv"), s, true));
  REQUIRE(reader.isOk());
  Batch b;
  std::vector<ReadError> errors;
  Result<bool> r = (*reader)->next(b, errors);
  REQUIRE(!r.isOk());
  CHECK(r.status().message().find("column 'speed' is not in the header") != std::string::npos);
}

TEST_CASE("without a header, trailing columns with defaults may be absent") {
  TempDir dir;
  writeFile(dir.file("d.csv"), "1\n2,b\n\n3,c,x\n");
  SchemaPtr s =
      withDefault(schemaOf({{"id", Type::Int}, {"tag", Type::String}}), 1, Literal{std::string("none")});
  ReadAll all = readCsv(dir.file("d.csv"), s);
  REQUIRE(all.rows.size() == 2);
  CHECK(all.rows.column(1).strings[0] == "none");
  CHECK(all.rows.column(1).strings[1] == "b");
  REQUIRE(all.errors.size() == 1);  // the blank line 3 is skipped
  CHECK(all.errors[0].line == 4);
  CHECK(all.errors[0].reason == "expected 1 to 2 fields, found 3");
}

TEST_CASE("other delimiters") {
  TempDir dir;
  writeFile(dir.file("t.tsv"), "1\ta,b\t\"x\ty\"\n");
  ReaderOptions o = readerOptions(dir.file("t.tsv"),
                                  schemaOf({{"id", Type::Int}, {"a", Type::String}, {"b", Type::String}}));
  o.delimiter = '\t';
  auto reader = openCsvReader(o);
  REQUIRE(reader.isOk());
  ReadAll all = readAll(**reader, o.schema);
  REQUIRE(all.rows.size() == 1);
  CHECK(all.rows.column(1).strings[0] == "a,b");
  CHECK(all.rows.column(2).strings[0] == "x\ty");
}

TEST_CASE("projection pushdown: unmaterialised columns are not parsed") {
  TempDir dir;
  writeFile(dir.file("p.csv"), "1,not-a-number,a\n2,zz,b\n");
  ReaderOptions o = readerOptions(dir.file("p.csv"),
                                  schemaOf({{"id", Type::Int}, {"speed", Type::Float}, {"s", Type::String}}));
  o.materialize = {true, false, true};
  auto reader = openCsvReader(o);
  REQUIRE(reader.isOk());
  ReadAll all = readAll(**reader, o.schema);
  CHECK(all.errors.empty());
  REQUIRE(all.rows.size() == 2);
  CHECK(all.rows.column(2).strings[1] == "b");
}

TEST_CASE("large files stream across block boundaries with exact line numbers") {
  TempDir dir;
  std::string text;
  const int n = 60000;  // ~1.6 MB: crosses the 1 MB block
  for (int i = 1; i <= n; ++i) {
    if (i % 10000 == 0)
      text += "bad\n";
    else if (i % 777 == 0)
      text += std::to_string(i) + ",\"multi\nline, " + std::string(i % 50, 'q') + "\"\n";
    else
      text += std::to_string(i) + ",value-" + std::to_string(i) + "\r\n";
  }
  writeFile(dir.file("big.csv"), text);
  SchemaPtr s = schemaOf({{"id", Type::Int}, {"v", Type::String}});
  ReadAll all = readCsv(dir.file("big.csv"), s, false, 1000);
  CHECK(all.rows.size() == n - 6);
  REQUIRE(all.errors.size() == 6);
  // Line of the record for i = 10000: lines before it = 9999 + one extra per multi-line record before.
  uint64_t multiBefore = 9999 / 777;
  CHECK(all.errors[0].line == 10000 + multiBefore);
  int64_t prev = 0;
  bool ordered = true;
  for (int64_t id : all.rows.column(0).ints) {
    ordered = ordered && id > prev;
    prev = id;
  }
  CHECK(ordered);
  CHECK(all.rows.column(1).strings[776].substr(0, 11) == "multi\nline,");
}

TEST_CASE("a missing input file is a clear error") {
  auto reader = openCsvReader(readerOptions("/nonexistent/x.csv", schemaOf({{"a", Type::Int}})));
  REQUIRE(!reader.isOk());
  CHECK(reader.status().message().rfind("cannot open input file '/nonexistent/x.csv'", 0) == 0);
}

TEST_CASE("a record of 64 MB without a line break is a row error, and reading goes on after it") {
  // Once crashed: the runaway-record path added 1 to memchr's null.
  TempDir dir;
  std::string text = "1,a\n";
  text += "2,";
  text.append(BlockInput::kMaxRecord + 1000, 'x');  // no line break for more than 64 MB
  text += "\n3,c\n";
  writeFile(dir.file("long.csv"), text);
  SchemaPtr s = schemaOf({{"id", Type::Int}, {"v", Type::String}});
  ReadAll all = readCsv(dir.file("long.csv"), s);
  REQUIRE(all.rows.size() == 2);
  CHECK(all.rows.column(0).ints[0] == 1);
  CHECK(all.rows.column(0).ints[1] == 3);
  REQUIRE(all.errors.size() == 1);
  CHECK(all.errors[0].line == 2);
  CHECK(all.errors[0].reason == "record longer than 64 MB without a line break");
}

TEST_CASE("a runaway quote over 64 MB is reported at its line, reading resumes on its second line") {
  TempDir dir;
  std::string text = "1,\"open";
  text += "\n";
  text.append(BlockInput::kMaxRecord + 1000, 'y');  // the quote never closes within 64 MB
  text += "\n";
  writeFile(dir.file("quote.csv"), text);
  SchemaPtr s = schemaOf({{"id", Type::Int}, {"v", Type::String}});
  ReadAll all = readCsv(dir.file("quote.csv"), s);
  REQUIRE(!all.errors.empty());
  CHECK(all.errors[0].line == 1);
  CHECK(all.errors[0].reason == "unterminated quoted field (record longer than 64 MB)");
}

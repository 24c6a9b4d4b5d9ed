// The Lines and Jsonl extractors.
#include <doctest/doctest.h>

#include "io_test_support.h"

using namespace popper;
using namespace popper::test;

TEST_CASE("Lines: one row per line, extra columns take their defaults") {
  TempDir dir;
  writeFile(dir.file("l.txt"), "hello\r\n\nwörld\nno newline at end");
  SchemaPtr s =
      withDefault(schemaOf({{"line", Type::String}, {"translated", Type::Bool}}), 1, Literal{false});
  auto reader = openLinesReader(readerOptions(dir.file("l.txt"), s));
  REQUIRE(reader.isOk());
  ReadAll all = readAll(**reader, s);
  REQUIRE(all.rows.size() == 4);
  CHECK(all.rows.column(0).strings[0] == "hello");
  CHECK(all.rows.column(0).strings[1] == "");
  CHECK(all.rows.column(0).strings[2] == "wörld");
  CHECK(all.rows.column(0).strings[3] == "no newline at end");
  CHECK(all.rows.column(1).bools == std::vector<uint8_t>{0, 0, 0, 0});
  CHECK(all.rows.rowIds[2].position() == 3);
}

TEST_CASE("Jsonl: fields by name, defaults for absent ones, wrong types are row errors") {
  TempDir dir;
  writeFile(dir.file("j.jsonl"),
            "{\"id\": 1, \"name\": \"a\\\"b\", \"score\": 2, \"extra\": [1]}\n"
            "{\"id\": 2, \"score\": 1.5}\n"
            "\n"
            "{\"id\": \"3\", \"name\": \"c\", \"score\": 1}\n"
            "{\"id\": 4.5, \"name\": \"d\", \"score\": 1}\n"
            "{\"name\": \"e\", \"score\": 1}\n"
            "not json\n"
            "[1, 2]\n"
            "{\"id\": 8, \"name\": null, \"score\": 0}\n");
  SchemaPtr s = withDefault(schemaOf({{"id", Type::Int}, {"name", Type::String}, {"score", Type::Float}}), 1,
                            Literal{std::string("?")});
  auto reader = openJsonlReader(readerOptions(dir.file("j.jsonl"), s));
  REQUIRE(reader.isOk());
  ReadAll all = readAll(**reader, s);
  REQUIRE(all.rows.size() == 3);
  CHECK(all.rows.column(0).ints == std::vector<int64_t>{1, 2, 8});
  CHECK(all.rows.column(1).strings[0] == "a\"b");
  CHECK(all.rows.column(1).strings[1] == "?");
  CHECK(all.rows.column(1).strings[2] == "?");
  CHECK(all.rows.column(2).floats == std::vector<double>{2.0, 1.5, 0.0});
  REQUIRE(all.errors.size() == 5);
  CHECK(all.errors[0].line == 4);
  CHECK(all.errors[0].reason == "field 'id' is not of type int");
  CHECK(all.errors[1].line == 5);
  CHECK(all.errors[2].line == 6);
  CHECK(all.errors[2].reason == "missing field 'id'");
  CHECK(all.errors[3].reason == "invalid JSON");
  CHECK(all.errors[4].reason == "expected a JSON object");
}

TEST_CASE("openExtractor picks the reader and its arguments from the USING call") {
  TempDir dir;
  writeFile(dir.file("s.csv"), "b;a\n2;x\n");
  BoundOpCall callCsv;
  callCsv.op = "Csv";
  BoundArg header;
  header.name = "header";
  header.value = Literal{true};
  BoundArg delim;
  delim.name = "delimiter";
  delim.value = Literal{std::string(";")};
  callCsv.args = {header, delim};
  SchemaPtr s = schemaOf({{"a", Type::String}, {"b", Type::Int}});
  auto reader = openExtractor(callCsv, readerOptions(dir.file("s.csv"), s));
  REQUIRE(reader.isOk());
  ReadAll all = readAll(**reader, s);
  REQUIRE(all.rows.size() == 1);
  CHECK(all.rows.column(0).strings[0] == "x");
  CHECK(all.rows.column(1).ints[0] == 2);
}

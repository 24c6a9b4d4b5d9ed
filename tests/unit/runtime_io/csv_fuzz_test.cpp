// Robustness: the Csv reader on random bytes drawn from CSV's special
// characters never crashes, and accounts for every record (rows + errors).
#include <doctest/doctest.h>

#include <random>

#include "io_test_support.h"

using namespace popper;
using namespace popper::test;

TEST_CASE("random CSV-like input: no crash, every record is a row or an error") {
  TempDir dir;
  std::mt19937 rng(1234);
  const char alphabet[] = {'a', '1',  '2',  '-',  '.', ',', ',',    '"',
                           '"', '\n', '\n', '\r', ' ', 'e', '\xC3', '\xA9'};
  SchemaPtr schemas[] = {schemaOf({{"a", Type::String}, {"b", Type::Int}}),
                         schemaOf({{"a", Type::Float}, {"b", Type::String}, {"c", Type::Bool}}),
                         schemaOf({{"a", Type::String}})};
  for (int round = 0; round < 300; ++round) {
    std::string text;
    size_t len = rng() % (round < 290 ? 400 : 300000);  // mostly small files, a few large ones
    for (size_t i = 0; i < len; ++i) text.push_back(alphabet[rng() % sizeof alphabet]);
    writeFile(dir.file("f.csv"), text);
    SchemaPtr s = schemas[round % 3];
    bool header = round % 2 == 0;
    if (header)  // a random header rarely names the columns: give them all defaults
      for (size_t c = 0; c < s->size(); ++c) {
        Type t = (*s)[c].type;
        s = withDefault(s, static_cast<int>(c),
                        t == Type::String ? Literal{std::string("d")}
                        : t == Type::Bool ? Literal{true}
                                          : Literal{int64_t{0}});
      }
    ReadAll all = readCsv(dir.file("f.csv"), s, header, 1 + rng() % 7);
    CHECK(all.rows.isConsistent());
    CHECK(all.rows.size() + all.errors.size() == all.records);
    uint64_t lastLine = 0;
    bool ascending = true;
    for (const ReadError& e : all.errors) {
      ascending = ascending && e.line > lastLine;
      lastLine = e.line;
    }
    CHECK(ascending);
  }
}

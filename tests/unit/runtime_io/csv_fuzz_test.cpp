// Robustness: the Csv reader on random bytes drawn from CSV's special
// characters never crashes, and accounts for every record (rows + errors).
#include <doctest/doctest.h>

#include <random>

#include "IoTestSupport.h"

using namespace popper;
using namespace popper::test;

TEST_CASE("random CSV-like input: no crash, every record is a row or an error") {
  TempDir dir;
  std::mt19937 rng(1234);
  const char alphabet[] = {'a', '1', '2', '-', '.', ',', ',', '"', '"', '\n', '\n', '\r', ' ', 'e', '\xC3', '\xA9'};
  SchemaPtr schemas[] = {schemaOf({{"a", Type::String}, {"b", Type::Int}}),
                         schemaOf({{"a", Type::Float}, {"b", Type::String}, {"c", Type::Bool}}),
                         schemaOf({{"a", Type::String}})};
  for (int round = 0; round < 300; ++round) {
    std::string text;
    size_t len = rng() % (round < 290 ? 400 : 300000);  // a few cross the 1 MB block when repeated
    for (size_t i = 0; i < len; ++i) text.push_back(alphabet[rng() % sizeof alphabet]);
    writeFile(dir.file("f.csv"), text);
    const SchemaPtr& s = schemas[round % 3];
    ReadAll all = readCsv(dir.file("f.csv"), s, round % 2 == 0, 1 + rng() % 7);
    CHECK(all.rows.isConsistent());
    CHECK(all.rows.size() + all.errors.size() <= all.records + 0);
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

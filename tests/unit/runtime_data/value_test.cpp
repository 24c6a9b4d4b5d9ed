// Cell values: hashing, equality and ordering for join and group keys.
#include "runtime/data/Value.h"

#include <doctest/doctest.h>

#include <cmath>

#include "tests/unit/runtime_expr/expr_builders.h"

using namespace popper;
using popper::test::BatchBuilder;

TEST_CASE("float keys: -0.0 equals 0.0 and NaN equals NaN, with equal hashes") {
  Value pz = Value::ofFloat(0.0), nz = Value::ofFloat(-0.0);
  CHECK(valuesEqual(pz, nz));
  CHECK(hashValue(pz) == hashValue(nz));
  Value n1 = Value::ofFloat(std::nan("")), n2 = Value::ofFloat(-std::nan(""));
  CHECK(valuesEqual(n1, n2));
  CHECK(hashValue(n1) == hashValue(n2));
  CHECK(compareValues(n1, Value::ofFloat(1e300)) > 0);
  CHECK(compareValues(Value::ofFloat(-1), Value::ofFloat(2)) < 0);
}

TEST_CASE("strings compare byte-wise, which is code-point order for UTF-8") {
  CHECK(compareValues(Value::ofString("z"), Value::ofString("é")) < 0);
  CHECK(compareValues(Value::ofString("ab"), Value::ofString("abc")) < 0);
  CHECK(compareValues(Value::ofString("b"), Value::ofString("b")) == 0);
  CHECK(!valuesEqual(Value::ofString("1"), Value::ofInt(1)));
}

TEST_CASE("composite keys hash and compare across batches") {
  Batch a = BatchBuilder({{"k", Type::Int}, {"s", Type::String}})
                .ints(0, {1, 1, 2})
                .strings(1, {"x", "y", "x"})
                .done();
  Batch b = BatchBuilder({{"s", Type::String}, {"n", Type::Float}, {"k", Type::Int}})
                .strings(0, {"y", "x"})
                .floats(1, {0, 0})
                .ints(2, {1, 1})
                .done();
  std::vector<int> colsA{0, 1}, colsB{2, 0};
  CHECK(keysEqual(a, colsA, 1, b, colsB, 0));
  CHECK(hashKey(a, colsA, 1) == hashKey(b, colsB, 0));
  CHECK(keysEqual(a, colsA, 0, b, colsB, 1));
  CHECK(!keysEqual(a, colsA, 2, b, colsB, 1));
  std::vector<uint64_t> hashes;
  hashKeys(a, colsA, allRows(3), hashes);
  for (size_t r = 0; r < 3; ++r) CHECK(hashes[r] == hashKey(a, colsA, r));
  CHECK(hashes[0] != hashes[1]);
}

TEST_CASE("cells round-trip through Value") {
  Batch a = BatchBuilder({{"b", Type::Bool}}).bools(0, {1}).done();
  Value v = cellAt(a.column(0), 0);
  CHECK(v.type == Type::Bool);
  CHECK(v.b);
  Column c(Type::Bool);
  appendValue(c, v);
  CHECK(c.bools == std::vector<uint8_t>{1});
  CHECK(valueOfLiteral(Literal{std::string("q")}).s == "q");
}

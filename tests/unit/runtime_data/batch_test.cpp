// Batches: appending rows, gathering with shared or copied strings, retaining,
// lineage only when asked for, and row ids' canonical order.
#include "runtime/data/Batch.h"

#include <doctest/doctest.h>

#include "tests/unit/runtime_expr/expr_builders.h"

using namespace popper;
using popper::test::BatchBuilder;
using popper::test::schemaOf;

TEST_CASE("row ids order by position, then source, then derivation") {
  RowId a = RowId::make(10, 3);
  RowId b = RowId::make(11, 0);
  RowId c = RowId::derive(a, 5, 0);
  RowId d = RowId::derive(a, 5, 1);
  CHECK(a < c);
  CHECK(c < d);
  CHECK(d < b);
  CHECK(c.position() == 10);
  CHECK(c.source() == 5);
  CHECK(c.derivation() == 1);
  CHECK(RowId::make(RowId::kMaxPosition, RowId::kMaxSource, RowId::kMaxDerivation).position() ==
        RowId::kMaxPosition);
}

TEST_CASE("rows are appended value by value and the batch stays consistent") {
  Batch b(schemaOf({{"id", Type::Int}, {"name", Type::String}}));
  for (int i = 0; i < 3; ++i) {
    b.addRowMeta(RowId::make(i + 1, 0), kInsert);
    b.column(0).ints.push_back(i);
    b.column(1).strings.push_back(b.arena().store("row" + std::to_string(i)));
  }
  CHECK(b.size() == 3);
  CHECK(b.isConsistent());
  CHECK(!b.hasLineage());
  CHECK(b.lineageOffsets.empty());
  CHECK(b.column(1).strings[2] == "row2");
}

TEST_CASE("gathering with shared strings keeps the source's arena alive") {
  Batch out(schemaOf({{"s", Type::String}}));
  {
    Batch src = BatchBuilder({{"s", Type::String}}).strings(0, {"a", "bb", "ccc"}).done();
    out.appendRows(src, Selection{2, 0}, StringCopy::Share);
  }  // src is gone; its arena is not
  REQUIRE(out.size() == 2);
  CHECK(out.column(0).strings[0] == "ccc");
  CHECK(out.column(0).strings[1] == "a");
  CHECK(out.rowIds[0] == RowId::make(3, 0));
}

TEST_CASE("gathering deep copies strings into the batch's own arena") {
  Batch out(schemaOf({{"s", Type::String}}));
  Batch src = BatchBuilder({{"s", Type::String}}).strings(0, {"hello"}).done();
  out.appendRows(src, 0, 1, StringCopy::Deep);
  CHECK(out.column(0).strings[0] == "hello");
  CHECK(out.column(0).strings[0].data() != src.column(0).strings[0].data());
  src.clear();
  CHECK(out.column(0).strings[0] == "hello");
}

TEST_CASE("lineage: parents are stored only when the batch keeps lineage") {
  SchemaPtr schema = schemaOf({{"x", Type::Int}});
  Batch withLineage(schema, true);
  withLineage.addRowMeta(RowId::make(1, 1), kInsert);
  withLineage.column(0).ints.push_back(7);
  withLineage.addParent(RowId::make(1, 0));
  withLineage.addParent(RowId::make(5, 0));
  withLineage.addRowMeta(RowId::make(2, 1), kRetract);
  withLineage.column(0).ints.push_back(8);
  CHECK(withLineage.isConsistent());
  auto [b0, e0] = withLineage.parents(0);
  CHECK(e0 - b0 == 2);
  CHECK(b0[1] == RowId::make(5, 0));
  auto [b1, e1] = withLineage.parents(1);
  CHECK(b1 == e1);

  Batch copy(schema, true);
  copy.appendRows(withLineage, Selection{1, 0});
  CHECK(copy.isConsistent());
  CHECK(copy.weights[0] == kRetract);
  auto [c1b, c1e] = copy.parents(1);
  CHECK(c1e - c1b == 2);

  Batch noLineage(schema);
  noLineage.appendRows(withLineage, Selection{0});
  CHECK(noLineage.lineageParents.empty());
  CHECK(noLineage.isConsistent());
}

TEST_CASE("retain keeps the selected rows in order, with their lineage") {
  SchemaPtr schema = schemaOf({{"x", Type::Int}, {"s", Type::String}});
  Batch b(schema, true);
  for (int i = 0; i < 5; ++i) {
    b.addRowMeta(RowId::make(i + 1, 0), kInsert);
    b.addParent(RowId::make(100 + i, 0));
    b.column(0).ints.push_back(i);
    b.column(1).strings.push_back(b.arena().store(std::string(i + 1, 'a')));
  }
  b.retain(Selection{1, 3, 4});
  CHECK(b.isConsistent());
  CHECK(b.column(0).ints == std::vector<int64_t>{1, 3, 4});
  CHECK(b.column(1).strings[1] == "aaaa");
  CHECK(b.parents(2).first[0] == RowId::make(104, 0));
}

TEST_CASE("clear keeps schema and lineage mode") {
  Batch b = BatchBuilder({{"s", Type::String}}).strings(0, {"x"}).done();
  b.clear();
  CHECK(b.empty());
  CHECK(b.isConsistent());
  CHECK(b.numColumns() == 1);
}

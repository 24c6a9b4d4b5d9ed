// Unit tests of the CorrectionLog: corrections applied in canonical order
// whatever order handlers recorded them in, deterministic injected ids,
// counts per handler and lineage, an EDIT of a row already retracted in the
// same wave doing nothing, and tracing to every live row of a target.
#include <doctest/doctest.h>

#include "runtime/correction/CorrectionLog.h"

using namespace popper;
using namespace popper::correction;

namespace {

SchemaPtr oneInt() {
  return std::make_shared<const Schema>(Schema{ColumnInfo{"a", Type::Int, std::nullopt}});
}

std::shared_ptr<Batch> rowOf(int64_t a) {
  auto b = std::make_shared<Batch>(oneInt());
  b->addRowMeta(RowId{}, kInsert);
  b->columns[0].ints.push_back(a);
  return b;
}

PendingCorrection edit(plan::NodeId handler, RowId detected, RowId traced, int64_t value, OrderKey key) {
  PendingCorrection c;
  c.handler = handler;
  c.sortKey = std::move(key);
  c.detected = detected;
  c.kind = ast::ActionKind::EditSet;
  c.target = 0;
  c.traced = traced;
  c.replacement = rowOf(value);
  return c;
}

}  // namespace

TEST_CASE("injected ids depend on the traced row and the canonical order, not on recording order") {
  RowId x = RowId::make(5, 1), y = RowId::make(9, 1);
  auto apply = [&](bool reversed) {
    CorrectionLog log;
    std::vector<PendingCorrection> cs{edit(3, x, x, 10, "a"), edit(3, y, y, 20, "b")};
    if (reversed) std::swap(cs[0], cs[1]);
    for (auto& c : cs) log.addPending(std::move(c));
    CHECK(log.applyPending() == 2);
    const auto* ox = log.overrideFor(0, x);
    const auto* oy = log.overrideFor(0, y);
    REQUIRE(ox);
    REQUIRE(oy);
    CHECK(ox->retract);
    REQUIRE(ox->inserts.size() == 1);
    CHECK(ox->inserts[0].id.position() == 5);
    CHECK(ox->inserts[0].id.source() == kCorrectionSource);
    CHECK(ox->inserts[0].row->columns[0].ints[0] == 10);
    return std::make_pair(ox->inserts[0].id.value, oy->inserts[0].id.value);
  };
  CHECK(apply(false) == apply(true));
}

TEST_CASE("corrections count per handler and lineage root, through injected rows") {
  CorrectionLog log;
  RowId x = RowId::make(5, 1);
  log.addPending(edit(3, x, x, 10, "a"));
  log.applyPending();
  CHECK(log.corrections(3, x) == 1);
  CHECK(log.corrections(4, x) == 0);
  RowId injected = log.overrideFor(0, x)->inserts[0].id;
  CHECK(log.corrections(3, injected) == 1);  // same lineage as x
  log.addPending(edit(3, injected, injected, 11, "a"));
  log.applyPending();
  CHECK(log.corrections(3, x) == 2);
  CHECK(log.allCorrections(injected) == 2);
  CHECK(log.totals().at(3).edits == 2);
}

TEST_CASE("a second EDIT of a row already retracted in the same wave injects nothing") {
  CorrectionLog log;
  RowId x = RowId::make(5, 1);
  log.addPending(edit(3, RowId::make(5, 2, 1), x, 10, "a"));
  log.addPending(edit(3, RowId::make(5, 2, 2), x, 12, "b"));
  log.applyPending();
  const auto* o = log.overrideFor(0, x);
  REQUIRE(o);
  CHECK(o->inserts.size() == 1);
  CHECK(o->inserts[0].row->columns[0].ints[0] == 10);
}

TEST_CASE("applied corrections are exposed in application order and queued once for the target's tap") {
  CorrectionLog log;
  RowId x = RowId::make(5, 1), y = RowId::make(9, 1);
  log.addPending(edit(3, y, y, 20, "b"));
  log.addPending(edit(3, x, x, 10, "a"));
  log.applyPending();
  REQUIRE(log.applied().size() == 2);
  CHECK(log.applied()[0].traced == x);
  CHECK(log.applied()[1].traced == y);
  CHECK(log.applied()[0].replacement->rowIds[0].source() == kCorrectionSource);
  CHECK(log.takeInjections(0).size() == 2);
  CHECK(log.takeInjections(0).empty());
}

TEST_CASE("tracing follows stored parents to every live row of the target") {
  CorrectionLog log;
  SchemaPtr schema = oneInt();
  Delta rows;
  rows.rows = Batch(schema);
  for (int64_t i = 1; i <= 3; ++i) {
    rows.rows.addRowMeta(RowId::make(static_cast<uint64_t>(i), 1), kInsert);
    rows.rows.columns[0].ints.push_back(i * 10);
  }
  log.recordRows(7, rows, false);
  RowId group = RowId::make(0, 4, 99);
  log.storeParents(group, {RowId::make(3, 1), RowId::make(1, 1)});
  auto traced = log.traceAll(7, group);
  REQUIRE(traced.size() == 2);
  CHECK(traced[0].row.rowIds[0] == RowId::make(1, 1));
  CHECK(traced[0].row.columns[0].ints[0] == 10);
  CHECK(traced[1].row.columns[0].ints[0] == 30);
  // A retracted row is no longer traced to.
  Delta gone;
  gone.rows = Batch(schema);
  gone.rows.addRowMeta(RowId::make(1, 1), kRetract);
  gone.rows.columns[0].ints.push_back(10);
  log.recordRows(7, gone, false);
  CHECK(log.traceAll(7, group).size() == 1);
  CHECK_FALSE(log.liveRow(7, RowId::make(1, 1)).has_value());
}

TEST_CASE("streaming: a replacement's derivation is its lineage's count, under its gate's own id source") {
  CorrectionLog log;
  log.setStreaming();
  log.keepApplied(true);
  // Two gates edit rows on the same line of two extractors (sources 1 and 2).
  RowId t = RowId::make(7, 1), u = RowId::make(7, 2);
  PendingCorrection first = edit(3, t, t, 10, "");
  first.injectSource = kCorrectionSource - 1;
  PendingCorrection second = edit(4, u, u, 20, "");
  second.target = 1;
  second.injectSource = kCorrectionSource;
  REQUIRE(log.applyPending({first, second}) == 2);
  RowId t1 = log.applied()[0].replacement->rowIds[0], u1 = log.applied()[1].replacement->rowIds[0];
  CHECK(t1 != u1);
  CHECK(t1.position() == 7);
  CHECK(isInjected(t1));
  CHECK_FALSE(isInjected(t));
  CHECK(t1 < u1);  // the first gate's corrected rows sort first at a line
  CHECK(CorrectionLog::lineageCount(t) == 0);
  CHECK(CorrectionLog::lineageCount(t1) == 1);
  // Correcting the replacement again: the next derivation, no counter kept.
  PendingCorrection again = edit(3, t1, t1, 11, "");
  again.injectSource = kCorrectionSource - 1;
  REQUIRE(log.applyPending({again}) == 1);
  RowId t2 = log.applied()[2].replacement->rowIds[0];
  CHECK(CorrectionLog::lineageCount(t2) == 2);
  CHECK(t2.source() == t1.source());
}

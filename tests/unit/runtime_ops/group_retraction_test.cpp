// AggregateOp (pipelined) under random insert/retract sequences: the net of
// its emitted changes must equal GROUP BY recomputed over the live rows, with
// MIN/MAX falling back when the current extreme is retracted. (Retractions
// are of live rows only: every operator checks before emitting one.) Blocking mode
// emits each live group once, in key order.
#include <doctest/doctest.h>

#include <random>

#include "ops_test_support.h"
#include "runtime/ops/AggregateOp.h"

using namespace popper;
using namespace popper::ops;
using namespace popper::ops::test;

namespace {

Schema inputSchema() { return schemaOf({{"g", Type::String}, {"v", Type::Int}}); }
Schema outputSchema() {
  return schemaOf({{"g", Type::String},
                   {"n", Type::Int},
                   {"s", Type::Int},
                   {"mn", Type::Int},
                   {"mx", Type::Int},
                   {"avg", Type::Float}});
}

plan::Dataflow groupFlow() {
  plan::AggregateNode agg;
  agg.keys = {columnRef(0, Type::String)};
  auto add = [&](AggFunc f, Type t) {
    BoundAggregate a;
    a.func = f;
    a.arg = columnRef(1, Type::Int);
    a.type = t;
    agg.aggregates.push_back(a);
  };
  add(AggFunc::CountStar, Type::Int);
  add(AggFunc::Sum, Type::Int);
  add(AggFunc::Min, Type::Int);
  add(AggFunc::Max, Type::Int);
  add(AggFunc::Avg, Type::Float);
  return flowWith({inputSchema()}, agg, outputSchema());
}

std::string groupKey(const std::string& g) {
  OrderKey k;
  appendValueKey(k, Value::ofString(g));
  return k;
}

}  // namespace

TEST_CASE("group state matches a from-scratch GROUP BY after random inserts and retractions") {
  for (unsigned seed = 1; seed <= 100; ++seed) {
    plan::Dataflow flow = groupFlow();
    AggregateOp op(flow.node(1), /*blocking=*/false, 64);
    RecordingContext ctx;
    std::mt19937 rng(seed);
    std::map<uint64_t, std::pair<Row, int64_t>> live;  // position -> (row, copies)
    uint64_t next = 1;
    for (int step = 0; step < 80; ++step) {
      std::vector<Row> rows;
      std::vector<uint64_t> positions;
      std::vector<Weight> weights;
      int n = 1 + static_cast<int>(rng() % 5);
      for (int i = 0; i < n; ++i) {
        std::vector<uint64_t> alive;
        for (auto& [p, e] : live)
          if (e.second > 0) alive.push_back(p);
        if (rng() % 3 != 0 || alive.empty()) {
          Row row{std::string(1, static_cast<char>('a' + rng() % 3)), static_cast<int64_t>(rng() % 21) - 10};
          live[next] = {row, 1};
          rows.push_back(row);
          positions.push_back(next++);
          weights.push_back(kInsert);
        } else {
          // Upstream operators only ever retract live rows (each checks), so
          // the group state may trust that.
          uint64_t p = alive[rng() % alive.size()];
          rows.push_back(live[p].first);
          positions.push_back(p);
          weights.push_back(kRetract);
          --live[p].second;
        }
      }
      REQUIRE(op.consume(0, makeDelta(inputSchema(), rows, positions, weights), ctx).isOk());
    }
    struct Acc {
      int64_t n = 0, s = 0, mn = INT64_MAX, mx = INT64_MIN;
    };
    std::map<std::string, Acc> groups;
    for (auto& [p, e] : live) {
      if (e.second == 0) continue;
      Acc& a = groups[std::get<std::string>(e.first[0])];
      int64_t v = std::get<int64_t>(e.first[1]);
      a.n += 1;
      a.s += v;
      a.mn = std::min(a.mn, v);
      a.mx = std::max(a.mx, v);
    }
    std::map<std::string, std::pair<std::string, int64_t>> expected;
    for (auto& [g, a] : groups)
      expected[groupKey(g)] = {g + "|" + std::to_string(a.n) + "|" + std::to_string(a.s) + "|" +
                                   std::to_string(a.mn) + "|" + std::to_string(a.mx) + "|" +
                                   std::to_string(static_cast<double>(a.s) / static_cast<double>(a.n)),
                               1};
    CHECK_MESSAGE(ctx.net() == expected, "seed " << seed);
  }
}

TEST_CASE("a blocking GROUP BY emits each live group once, in key order") {
  plan::Dataflow flow = groupFlow();
  AggregateOp op(flow.node(1), /*blocking=*/true, 64);
  RecordingContext ctx;
  REQUIRE(op.consume(0,
                     makeDelta(inputSchema(),
                               {{std::string("b"), int64_t{1}},
                                {std::string("a"), int64_t{2}},
                                {std::string("c"), int64_t{3}}},
                               {1, 2, 3}, {kInsert, kInsert, kInsert}),
                     ctx)
              .isOk());
  REQUIRE(
      op.consume(0, makeDelta(inputSchema(), {{std::string("c"), int64_t{3}}}, {3}, {kRetract}), ctx).isOk());
  CHECK(ctx.deltas.empty());
  REQUIRE(op.finish(ctx).isOk());
  REQUIRE(ctx.deltas.size() == 1);
  const Batch& b = ctx.deltas[0].rows;
  REQUIRE(b.size() == 2);
  CHECK(rowText(b, 0) == "a|1|2|2|2|2.000000");
  CHECK(rowText(b, 1) == "b|1|1|1|1|1.000000");
}

TEST_CASE("an int SUM that would overflow rejects the row and leaves the group unchanged") {
  plan::Dataflow flow = groupFlow();
  AggregateOp op(flow.node(1), /*blocking=*/true, 64);
  RecordingContext ctx;
  REQUIRE(op.consume(0,
                     makeDelta(inputSchema(), {{std::string("a"), INT64_MAX}, {std::string("a"), int64_t{1}}},
                               {1, 2}, {kInsert, kInsert}),
                     ctx)
              .isOk());
  REQUIRE(op.finish(ctx).isOk());
  REQUIRE(ctx.rejects.size() == 1);
  CHECK(ctx.rejects[0].first == 2);
  CHECK(ctx.rejects[0].second.find("overflow") != std::string::npos);
  CHECK(ctx.deltas[0].rows.column(1).ints[0] == 1);
}

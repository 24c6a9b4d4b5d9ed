// JoinOp under random insert/retract sequences on both sides: the net of
// everything it emitted must equal a join recomputed from scratch over the
// live rows (with multiplicities), and retracting a dead row changes nothing.
#include <doctest/doctest.h>

#include <random>

#include "ops_test_support.h"
#include "runtime/ops/JoinOp.h"

using namespace popper;
using namespace popper::ops;
using namespace popper::ops::test;

namespace {

struct LiveRow {
  Row row;
  int64_t count = 0;
};

std::string key8(uint64_t p) {
  OrderKey k;
  appendPositionKey(k, p);
  return k;
}

}  // namespace

TEST_CASE("join state matches a from-scratch join after random inserts and retractions") {
  Schema left = schemaOf({{"k", Type::Int}, {"a", Type::String}});
  Schema right = schemaOf({{"k", Type::Int}, {"b", Type::Int}});
  Schema out = schemaOf({{"k", Type::Int}, {"a", Type::String}, {"k", Type::Int}, {"b", Type::Int}});
  for (unsigned seed = 1; seed <= 30; ++seed) {
    plan::JoinNode payload;
    payload.leftKeys = {columnRef(0, Type::Int)};
    payload.rightKeys = {columnRef(0, Type::Int)};
    plan::Dataflow flow = flowWith({left, right}, payload, out);
    JoinOp op(flow.node(2), flow, JoinOp::Settings{7});
    RecordingContext ctx;
    std::mt19937 rng(seed);
    std::map<uint64_t, LiveRow> live[2];
    uint64_t nextPosition = 1;
    for (int step = 0; step < 60; ++step) {
      int side = static_cast<int>(rng() % 2);
      std::vector<Row> rows;
      std::vector<uint64_t> positions;
      std::vector<Weight> weights;
      int n = 1 + static_cast<int>(rng() % 4);
      for (int i = 0; i < n; ++i) {
        unsigned choice = rng() % 10;
        auto& mine = live[side];
        if (choice < 5 || mine.empty()) {  // a new row
          uint64_t p = nextPosition++;
          int64_t k = static_cast<int64_t>(rng() % 4);
          Row row =
              side == 0 ? Row{k, std::string("a") + std::to_string(p)} : Row{k, static_cast<int64_t>(p)};
          mine[p] = {row, 0};
          rows.push_back(row);
          positions.push_back(p);
          weights.push_back(kInsert);
          ++mine[p].count;
        } else {  // insert a copy of, or retract, a known row (maybe dead already)
          auto it = std::next(mine.begin(), static_cast<long>(rng() % mine.size()));
          bool insert = choice == 5;
          rows.push_back(it->second.row);
          positions.push_back(it->first);
          weights.push_back(insert ? kInsert : kRetract);
          if (insert)
            ++it->second.count;
          else if (it->second.count > 0)
            --it->second.count;
        }
      }
      REQUIRE(op.consume(side, makeDelta(side == 0 ? left : right, rows, positions, weights), ctx).isOk());
    }
    std::map<std::string, std::pair<std::string, int64_t>> expected;
    for (auto& [lp, l] : live[0])
      for (auto& [rp, r] : live[1]) {
        if (l.count == 0 || r.count == 0 || std::get<int64_t>(l.row[0]) != std::get<int64_t>(r.row[0]))
          continue;
        std::string text =
            std::to_string(std::get<int64_t>(l.row[0])) + "|" + std::get<std::string>(l.row[1]) + "|" +
            std::to_string(std::get<int64_t>(r.row[0])) + "|" + std::to_string(std::get<int64_t>(r.row[1]));
        expected[key8(lp) + key8(rp)] = {text, l.count * r.count};
      }
    CHECK_MESSAGE(ctx.net() == expected, "seed " << seed);
  }
}

TEST_CASE("retracting a row that was never joined emits nothing") {
  Schema s = schemaOf({{"k", Type::Int}});
  plan::JoinNode payload;
  payload.leftKeys = {columnRef(0, Type::Int)};
  payload.rightKeys = {columnRef(0, Type::Int)};
  plan::Dataflow flow = flowWith({s, s}, payload, schemaOf({{"k", Type::Int}, {"k", Type::Int}}));
  JoinOp op(flow.node(2), flow, JoinOp::Settings{64});
  RecordingContext ctx;
  REQUIRE(op.consume(1, makeDelta(s, {{int64_t{1}}}, {10}, {kInsert}), ctx).isOk());
  REQUIRE(op.consume(0, makeDelta(s, {{int64_t{1}}}, {5}, {kRetract}), ctx).isOk());
  CHECK(ctx.deltas.empty());
  REQUIRE(op.consume(0, makeDelta(s, {{int64_t{1}}}, {5}, {kInsert}), ctx).isOk());
  REQUIRE(op.consume(1, makeDelta(s, {{int64_t{1}}}, {10}, {kRetract}), ctx).isOk());
  REQUIRE(ctx.deltas.size() == 2);
  CHECK(ctx.deltas[1].rows.weights[0] == kRetract);
  CHECK(ctx.net().empty());
}

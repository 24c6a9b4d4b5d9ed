// Stateless and user operators: order keys sort like the tuples they encode,
// a union tags rows with their input port, Tokenize yields one row per token
// with derived ids and keys, retracting an input row retracts its tokens,
// TopK recomputes a group when a row of it is retracted.
#include <doctest/doctest.h>

#include <cmath>

#include "ops_test_support.h"
#include "runtime/ops/GroupedOps.h"
#include "runtime/ops/ProcessOp.h"
#include "runtime/ops/RowOperators.h"
#include "tests/support/TestCatalog.h"

using namespace popper;
using namespace popper::ops;
using namespace popper::catalog;
using namespace popper::ops::test;

TEST_CASE("order keys compare like the values they encode") {
  auto key = [](std::initializer_list<Value> values) {
    OrderKey k;
    for (const Value& v : values) appendValueKey(k, v);
    return k;
  };
  CHECK(key({Value::ofInt(-5)}) < key({Value::ofInt(3)}));
  CHECK(key({Value::ofInt(INT64_MIN)}) < key({Value::ofInt(-1)}));
  CHECK(key({Value::ofFloat(-2.5)}) < key({Value::ofFloat(-1.0)}));
  CHECK(key({Value::ofFloat(-0.0)}) == key({Value::ofFloat(0.0)}));
  CHECK(key({Value::ofFloat(INFINITY)}) < key({Value::ofFloat(NAN)}));
  CHECK(key({Value::ofBool(false)}) < key({Value::ofBool(true)}));
  // Prefix-free: "a" then 9 sorts before "ab" then 1.
  CHECK(key({Value::ofString("a"), Value::ofInt(9)}) < key({Value::ofString("ab"), Value::ofInt(1)}));
  CHECK(key({Value::ofString(std::string_view("a\0", 2)), Value::ofInt(1)}) >
        key({Value::ofString("a"), Value::ofInt(9)}));
  CHECK(key({Value::ofString("\xc3\xa9")}) > key({Value::ofString("z")}));  // bytewise UTF-8
}

TEST_CASE("a union orders all rows of its first input before its second") {
  Schema s = schemaOf({{"x", Type::Int}});
  UnionOp op(true);
  RecordingContext ctx;
  REQUIRE(op.consume(1, makeDelta(s, {{int64_t{1}}}, {1}, {kInsert}), ctx).isOk());
  REQUIRE(op.consume(0, makeDelta(s, {{int64_t{2}}}, {9}, {kInsert}), ctx).isOk());
  auto net = ctx.net();
  REQUIRE(net.size() == 2);
  CHECK(net.begin()->second.first == "2");
  CHECK(std::next(net.begin())->second.first == "1");
}

namespace {

plan::Dataflow tokenizeFlow(const Schema& input) {
  plan::ProcessNode p;
  p.processor.op = "Tokenize";
  BoundArg text;
  text.name = "text";
  text.isColumn = true;
  text.column = 1;
  p.processor.args = {text};
  p.produce = schemaOf({{"token", Type::String}});
  p.passthrough = {0};
  p.rowWise = false;
  return flowWith({input}, p, schemaOf({{"id", Type::Int}, {"token", Type::String}}));
}

}  // namespace

TEST_CASE("Tokenize yields one row per token and retracts them with their line") {
  Schema s = schemaOf({{"id", Type::Int}, {"text", Type::String}});
  plan::Dataflow flow = tokenizeFlow(s);
  auto op = ProcessOp::create(flow.node(1), flow, testing::testCatalog(), true);
  REQUIRE(op.isOk());
  RecordingContext ctx;
  REQUIRE((*op)
              ->consume(0,
                        makeDelta(s,
                                  {{int64_t{1}, std::string("  a bb\tc ")},
                                   {int64_t{2}, std::string("")},
                                   {int64_t{3}, std::string("d")}},
                                  {1, 2, 3}, {kInsert, kInsert, kInsert}),
                        ctx)
              .isOk());
  REQUIRE(ctx.deltas.size() == 1);
  const Batch& b = ctx.deltas[0].rows;
  REQUIRE(b.size() == 4);
  CHECK(rowText(b, 0) == "1|a");
  CHECK(rowText(b, 2) == "1|c");
  CHECK(rowText(b, 3) == "3|d");
  CHECK(b.rowIds[1] == RowId::derive(RowId::make(1, 1), 1, 1));
  CHECK(ctx.deltas[0].keys[0] < ctx.deltas[0].keys[1]);
  REQUIRE((*op)
              ->consume(0, makeDelta(s, {{int64_t{1}, std::string("  a bb\tc ")}}, {1}, {kRetract}), ctx)
              .isOk());
  auto net = ctx.net();
  REQUIRE(net.size() == 1);
  CHECK(net.begin()->second.first == "3|d");
}

TEST_CASE("an operator missing from this build is reported by name") {
  Schema s = schemaOf({{"id", Type::Int}, {"text", Type::String}});
  plan::Dataflow flow = tokenizeFlow(s);
  flow.node(1).as<plan::ProcessNode>().processor.op = "Summarize";
  auto op = ProcessOp::create(flow.node(1), flow, testing::testCatalog(), true);
  REQUIRE_FALSE(op.isOk());
  CHECK(op.status().message() == "operator 'Summarize' is not available in this build");
}

TEST_CASE("a pipelined TopK group is recomputed when one of its rows is retracted") {
  Schema s = schemaOf({{"g", Type::String}, {"score", Type::Int}});
  plan::ReduceNode r;
  r.keyColumns = {0};
  r.reducer.op = "TopK";
  BoundArg k;
  k.name = "k";
  k.value = Literal{int64_t{2}};
  BoundArg by;
  by.name = "by";
  by.isColumn = true;
  by.column = 1;
  r.reducer.args = {k, by};
  r.produce = s;
  plan::Dataflow flow = flowWith({s}, r, s);
  auto op = ReduceOp::create(flow.node(1), flow, testing::testCatalog(), /*blocking=*/false);
  REQUIRE(op.isOk());
  RecordingContext ctx;
  REQUIRE((*op)
              ->consume(0,
                        makeDelta(s,
                                  {{std::string("a"), int64_t{5}},
                                   {std::string("a"), int64_t{9}},
                                   {std::string("a"), int64_t{7}},
                                   {std::string("b"), int64_t{1}}},
                                  {1, 2, 3, 4}, {kInsert, kInsert, kInsert, kInsert}),
                        ctx)
              .isOk());
  REQUIRE((*op)->consume(0, makeDelta(s, {{std::string("a"), int64_t{9}}}, {2}, {kRetract}), ctx).isOk());
  std::vector<std::string> rows;
  for (auto& [key, e] : ctx.net()) {
    CHECK(e.second == 1);
    rows.push_back(e.first);
  }
  CHECK(rows == std::vector<std::string>{"a|7", "a|5", "b|1"});
}

namespace {

// Copies its text column; throws on "boom".
class ThrowingProcessor : public Processor {
 public:
  void process(const Batch& in, Batch& out, std::vector<uint32_t>& parents, RowErrors&) override {
    out.shareStringsOf(in);
    for (size_t r = 0; r < in.size(); ++r) {
      if (in.column(1).strings[r] == "boom") throw std::runtime_error("cannot handle boom");
      out.column(0).strings.push_back(in.column(1).strings[r]);
      parents.push_back(static_cast<uint32_t>(r));
    }
  }
};

}  // namespace

TEST_CASE("a processor that throws rejects only the rows it throws on") {
  Schema s = schemaOf({{"id", Type::Int}, {"text", Type::String}});
  plan::Dataflow flow = tokenizeFlow(s);
  flow.node(1).as<plan::ProcessNode>().processor.op = "Boom";
  catalog::OperatorCatalog library;
  library.addProcessor(makeSignature("Boom", OperatorKind::Processor, {}, {}),
                       [](const catalog::OperatorSetup&) -> Result<std::unique_ptr<catalog::Processor>> {
                         return std::unique_ptr<catalog::Processor>(new ThrowingProcessor());
                       });
  auto op = ProcessOp::create(flow.node(1), flow, library, true);
  REQUIRE(op.isOk());
  RecordingContext ctx;
  REQUIRE((*op)
              ->consume(0,
                        makeDelta(s,
                                  {{int64_t{1}, std::string("x")},
                                   {int64_t{2}, std::string("boom")},
                                   {int64_t{3}, std::string("y")}},
                                  {4, 5, 6}, {kInsert, kInsert, kInsert}),
                        ctx)
              .isOk());
  REQUIRE(ctx.rejects.size() == 1);
  CHECK(ctx.rejects[0].first == 5);
  CHECK(ctx.rejects[0].second == "operator 'Boom' failed: cannot handle boom");
  REQUIRE(ctx.deltas.size() == 1);
  CHECK(rowText(ctx.deltas[0].rows, 0) == "1|x");
  CHECK(rowText(ctx.deltas[0].rows, 1) == "3|y");
}

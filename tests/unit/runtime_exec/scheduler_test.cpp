// The scheduler on hand-made actors: bounded queues hold a fast source back
// (at most queueBatches messages wait at a slow consumer, plus the one being
// produced), a diamond (one source feeding two ports of one actor) finishes,
// and the first failure stops the run.
#include "runtime/exec/Scheduler.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>

using namespace popper;
using namespace popper::exec;
using namespace popper::ops;

namespace {

SchemaPtr intSchema() {
  return std::make_shared<const Schema>(Schema{ColumnInfo{"x", Type::Int, std::nullopt}});
}

struct Inflight {
  std::atomic<int> produced{0}, consumed{0}, maxGap{0};
};

class CountingSource : public PhysicalOperator {
 public:
  CountingSource(int batches, Inflight& f) : left_(batches), f_(f) {}
  bool isSource() const override { return true; }
  Result<bool> produce(OperatorContext& ctx) override {
    if (left_-- == 0) return false;
    Delta d;
    d.rows = Batch(intSchema());
    d.rows.column(0).ints.push_back(left_);
    d.rows.addRowMeta(RowId::make(static_cast<uint64_t>(left_) + 1, 0), kInsert);
    int gap = ++f_.produced - f_.consumed;
    int seen = f_.maxGap;
    while (gap > seen && !f_.maxGap.compare_exchange_weak(seen, gap)) {
    }
    ctx.emit(std::move(d));
    return true;
  }
  Status consume(int, Delta&&, OperatorContext&) override { return Status::internal("no inputs"); }

 private:
  int left_;
  Inflight& f_;
};

class SlowSink : public PhysicalOperator {
 public:
  SlowSink(Inflight& f, int failAt = -1) : f_(f), failAt_(failAt) {}
  Status consume(int port, Delta&& in, OperatorContext&) override {
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    ++f_.consumed;
    rows[port] += static_cast<int>(in.rows.size());
    if (failAt_ >= 0 && f_.consumed == failAt_) return Status::ioError("disk full");
    return Status::ok();
  }
  int rows[2] = {0, 0};

 private:
  Inflight& f_;
  int failAt_;
};

}  // namespace

TEST_CASE("a fast source is held back by a slow consumer's bounded queue") {
  for (int threads : {1, 2, 4}) {
    Inflight f;
    std::vector<ActorSpec> specs(2);
    specs[0].op = std::make_unique<CountingSource>(300, f);
    specs[0].consumers = {{1, 0}};
    specs[1].op = std::make_unique<SlowSink>(f);
    specs[1].numInputs = 1;
    RejectSink rejects(-1);
    Scheduler s(std::move(specs), rejects, 4);
    REQUIRE(s.run(threads).isOk());
    CHECK(f.consumed == 300);
    CHECK(f.maxGap <= 4 + 2);  // the queue, the batch being consumed, the one being produced
  }
}

TEST_CASE("one source feeding both ports of an actor finishes without deadlock") {
  for (int threads : {1, 2, 4}) {
    Inflight f;
    std::vector<ActorSpec> specs(2);
    specs[0].op = std::make_unique<CountingSource>(200, f);
    specs[0].consumers = {{1, 0}, {1, 1}};
    auto sink = std::make_unique<SlowSink>(f);
    SlowSink* raw = sink.get();
    specs[1].op = std::move(sink);
    specs[1].numInputs = 2;
    RejectSink rejects(-1);
    Scheduler s(std::move(specs), rejects, 1);
    REQUIRE(s.run(threads).isOk());
    CHECK(raw->rows[0] == 200);
    CHECK(raw->rows[1] == 200);
  }
}

TEST_CASE("the first failure stops the run and is reported") {
  Inflight f;
  std::vector<ActorSpec> specs(2);
  specs[0].op = std::make_unique<CountingSource>(1000, f);
  specs[0].consumers = {{1, 0}};
  specs[1].op = std::make_unique<SlowSink>(f, 10);
  specs[1].numInputs = 1;
  RejectSink rejects(-1);
  Scheduler s(std::move(specs), rejects, 2);
  Status st = s.run(2);
  CHECK(st.message() == "disk full");
  CHECK(f.produced < 1000);
}

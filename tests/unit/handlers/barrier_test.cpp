// The scheduler's side of the waves protocol: sources pause every epoch, the
// scheduler stops when quiet, call() runs a flush on the calling thread and
// delivers what it emitted, and actors in the waves get no end markers.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "runtime/exec/Scheduler.h"

using namespace popper;
using namespace popper::exec;

namespace {

SchemaPtr oneInt() {
  return std::make_shared<const Schema>(Schema{ColumnInfo{"a", Type::Int, std::nullopt}});
}

// Emits rows 1..n, one per produce() call.
class CountingSource : public ops::PhysicalOperator {
 public:
  explicit CountingSource(int64_t n) : n_(n) {}
  bool isSource() const override { return true; }
  Result<bool> produce(ops::OperatorContext& ctx) override {
    if (next_ > n_) return false;
    Delta d;
    d.rows = Batch(oneInt());
    d.rows.addRowMeta(RowId::make(static_cast<uint64_t>(next_), 1), kInsert);
    d.rows.columns[0].ints.push_back(next_++);
    ctx.counters().inputRows = static_cast<uint64_t>(next_ - 1);
    ctx.emit(std::move(d));
    return true;
  }
  Status consume(int, Delta&&, ops::OperatorContext&) override { return Status::ok(); }

 private:
  int64_t n_, next_ = 1;
};

// Counts rows; its flush logs "name:rows seen" and forwards a marker row.
class Recorder : public ops::PhysicalOperator {
 public:
  Recorder(std::string name, std::vector<std::string>& log) : name_(std::move(name)), log_(log) {}
  Status consume(int, Delta&& in, ops::OperatorContext& ctx) override {
    rows_ += static_cast<int64_t>(in.rows.size());
    ctx.emit(std::move(in));
    return Status::ok();
  }
  Status flush(ops::OperatorContext&) override {
    log_.push_back(name_ + ":" + std::to_string(rows_));
    return Status::ok();
  }
  Status finish(ops::OperatorContext&) override {
    log_.push_back(name_ + ":finish");
    return Status::ok();
  }

 private:
  std::string name_;
  std::vector<std::string>& log_;
  int64_t rows_ = 0;
};

}  // namespace

TEST_CASE(
    "sources pause every epoch; flushes run in order on a quiet scheduler; no end markers in the waves") {
  for (int threads : {1, 2, 4}) {
    CAPTURE(threads);
    std::vector<std::string> log;
    std::vector<ActorSpec> specs(3);
    specs[0].op = std::make_unique<CountingSource>(7);
    specs[0].consumers = {{1, 0}};
    specs[1].op = std::make_unique<Recorder>("a", log);
    specs[1].numInputs = 1;
    specs[1].consumers = {{2, 0}};
    specs[1].inWaves = true;
    specs[2].op = std::make_unique<Recorder>("b", log);
    specs[2].numInputs = 1;
    specs[2].inWaves = true;
    RejectSink rejects(-1);
    Scheduler scheduler(std::move(specs), rejects, 2);
    scheduler.enableWaves(3);
    auto flushAll = [&] {
      for (int actor : {1, 2}) {
        REQUIRE(scheduler
                    .call(actor,
                          [](ops::PhysicalOperator& op, ops::OperatorContext& ctx) { return op.flush(ctx); })
                    .isOk());
        REQUIRE(scheduler.runUntilQuiet(threads).isOk());
      }
    };
    REQUIRE(scheduler.runUntilQuiet(threads).isOk());
    CHECK(scheduler.rowsRead() == 3);
    CHECK_FALSE(scheduler.sourcesExhausted());
    flushAll();
    CHECK(scheduler.resumeSources());
    REQUIRE(scheduler.runUntilQuiet(threads).isOk());
    CHECK(scheduler.rowsRead() == 6);
    flushAll();
    scheduler.resumeSources();
    REQUIRE(scheduler.runUntilQuiet(threads).isOk());
    CHECK(scheduler.sourcesExhausted());
    // The source finished (it is outside the waves), but its end marker did
    // not finish the actors in the waves: only the engine does that.
    CHECK(scheduler.finished(0));
    CHECK_FALSE(scheduler.finished(1));
    flushAll();
    for (int actor : {1, 2}) {
      REQUIRE(scheduler
                  .call(
                      actor,
                      [](ops::PhysicalOperator& op, ops::OperatorContext& ctx) { return op.finish(ctx); },
                      true)
                  .isOk());
      CHECK(scheduler.finished(actor));
    }
    CHECK(log == std::vector<std::string>{"a:3", "b:3", "a:6", "b:6", "a:7", "b:7", "a:finish", "b:finish"});
  }
}

// The actor scheduler (see Scheduler.h).
#include "runtime/exec/Scheduler.h"

#include <chrono>
#include <thread>

namespace popper::exec {

class Scheduler::Context : public ops::OperatorContext {
 public:
  Context(Actor& actor, RejectSink& rejects) : actor_(actor), rejects_(rejects) {}
  void emit(ops::Delta&& delta) override;
  Status reject(uint64_t line, std::string reason, const std::string& rowset) override;
  ops::NodeCounters& counters() override;

  std::vector<ops::Delta> outbox;

 private:
  Actor& actor_;
  RejectSink& rejects_;
};

struct Scheduler::Actor {
  ActorSpec spec;
  ops::NodeCounters counters;
  std::deque<Message> inbox;
  int openInputs = 0;
  bool running = false;
  bool finished = false;
  uint64_t reportedInputRows = 0;  // part of rowsRead_ already counted
  std::unique_ptr<Context> context;
};

void Scheduler::Context::emit(ops::Delta&& delta) {
  if (delta.rows.empty()) return;
  actor_.counters.rowsOut += delta.rows.size();
  outbox.push_back(std::move(delta));
}

Status Scheduler::Context::reject(uint64_t line, std::string reason, const std::string& rowset) {
  return rejects_.add({actor_.spec.source, line, rowset.empty() ? actor_.spec.name : rowset, std::move(reason)});
}

ops::NodeCounters& Scheduler::Context::counters() { return actor_.counters; }

Scheduler::Scheduler(std::vector<ActorSpec> specs, RejectSink& rejects, size_t queueBatches)
    : rejects_(rejects), queueBatches_(queueBatches == 0 ? 1 : queueBatches) {
  for (ActorSpec& s : specs) {
    auto a = std::make_unique<Actor>();
    a->openInputs = s.numInputs;
    a->spec = std::move(s);
    a->context = std::make_unique<Context>(*a, rejects_);
    actors_.push_back(std::move(a));
  }
}

Scheduler::~Scheduler() = default;

ops::PhysicalOperator& Scheduler::op(int actor) { return *actors_[static_cast<size_t>(actor)]->spec.op; }
const ops::NodeCounters& Scheduler::counters(int actor) const { return actors_[static_cast<size_t>(actor)]->counters; }

bool Scheduler::hasRoom(const Actor& a) const {
  for (const ActorSpec::Edge& e : a.spec.consumers)
    if (actors_[static_cast<size_t>(e.consumer)]->inbox.size() >= queueBatches_) return false;
  return true;
}

Scheduler::Actor* Scheduler::pickRunnable() {
  for (size_t i = actors_.size(); i-- > 0;) {
    Actor& a = *actors_[i];
    if (a.running || a.finished) continue;
    bool hasWork = a.spec.op->isSource() || !a.inbox.empty();
    if (hasWork && hasRoom(a)) return &a;
  }
  return nullptr;
}

Status Scheduler::run(int threads) {
  if (actors_.empty()) return Status::ok();
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) pool.emplace_back([this] { worker(); });
  for (std::thread& t : pool) t.join();
  return failed_ ? error_ : Status::ok();
}

void Scheduler::worker() {
  std::unique_lock lock(mu_);
  while (true) {
    if (failed_ || finished_ == actors_.size()) {
      cv_.notify_all();
      return;
    }
    Actor* a = pickRunnable();
    if (!a) {
      cv_.wait(lock);
      continue;
    }
    a->running = true;
    bool produce = a->spec.op->isSource();
    Message msg;
    if (!produce) {
      msg = std::move(a->inbox.front());
      a->inbox.pop_front();
    }
    lock.unlock();
    step(*a, produce, std::move(msg));
    lock.lock();
  }
}

// Runs one message (or one produce call) of `a`, then delivers what it
// emitted. Called without the lock; takes it to deliver.
void Scheduler::step(Actor& a, bool produce, Message msg) {
  auto start = std::chrono::steady_clock::now();
  Context& ctx = *a.context;
  Status st;
  bool done = false;
  if (produce) {
    Result<bool> more = a.spec.op->produce(ctx);
    if (!more) st = more.status();
    else if (!*more) {
      st = a.spec.op->finish(ctx);
      done = true;
    }
  } else if (msg.end) {
    st = a.spec.op->inputEnded(msg.port, ctx);
    if (st.isOk() && --a.openInputs == 0) {
      st = a.spec.op->finish(ctx);
      done = true;
    }
  } else {
    a.counters.rowsIn += msg.delta.rows.size();
    st = a.spec.op->consume(msg.port, std::move(msg.delta), ctx);
  }
  a.counters.nanos += static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count());

  std::lock_guard lock(mu_);
  const auto& edges = a.spec.consumers;
  for (ops::Delta& d : ctx.outbox) {
    for (size_t i = 0; i < edges.size(); ++i) {
      Message m;
      m.port = edges[i].port;
      m.delta = i + 1 == edges.size() ? std::move(d) : ops::shareDelta(d);
      actors_[static_cast<size_t>(edges[i].consumer)]->inbox.push_back(std::move(m));
    }
  }
  ctx.outbox.clear();
  if (produce) {
    rowsRead_.fetch_add(a.counters.inputRows - a.reportedInputRows, std::memory_order_relaxed);
    a.reportedInputRows = a.counters.inputRows;
  }
  if (done && st.isOk()) {
    a.finished = true;
    ++finished_;
    for (const ActorSpec::Edge& e : edges) {
      Message m;
      m.port = e.port;
      m.end = true;
      actors_[static_cast<size_t>(e.consumer)]->inbox.push_back(std::move(m));
    }
  }
  if (!st.isOk() && !failed_) {
    failed_ = true;
    error_ = st;
  }
  a.running = false;
  cv_.notify_all();
}

}  // namespace popper::exec

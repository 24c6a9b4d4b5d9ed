// The actor scheduler (see Scheduler.h).
#include "runtime/exec/Scheduler.h"

#include <chrono>
#include <thread>

namespace popper::exec {

class Scheduler::Context : public ops::OperatorContext {
 public:
  Context(Actor& actor, RejectSink& rejects) : actor_(actor), rejects_(rejects) {}
  void emit(Delta&& delta) override;
  Status reject(uint64_t line, std::string reason, const std::string& rowset) override;
  Status rejectRow(uint64_t line, std::string reason, const std::string& rowset, std::string row) override;
  ops::NodeCounters& counters() override;

  std::vector<Delta> outbox;

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
  bool exhausted = false;              // a source whose produce() returned false
  uint64_t epochLimit = 0;             // waves: a source pauses once it has read this many records
  uint64_t reportedInputRows = 0;      // part of rowsRead_ already counted
  bool feedsWaves = false;             // in the waves, or upstream of an actor that is
  int traceName = -1;                  // its name in the run's trace (setTrace)
  std::atomic<uint64_t> shownRows{0};  // spec.progress: rows read or received, for progress()
  std::unique_ptr<Context> context;
};

void Scheduler::Context::emit(Delta&& delta) {
  if (delta.rows.empty()) return;
  actor_.counters.rowsOut += delta.rows.size();
  outbox.push_back(std::move(delta));
}

Status Scheduler::Context::reject(uint64_t line, std::string reason, const std::string& rowset) {
  return rejectRow(line, std::move(reason), rowset, {});
}

Status Scheduler::Context::rejectRow(uint64_t line, std::string reason, const std::string& rowset,
                                     std::string row) {
  return rejects_.add({actor_.spec.source, line, rowset.empty() ? actor_.spec.name : rowset,
                       std::move(reason), std::move(row)});
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
  // Upstream of the waves: to a fixpoint (actors need not be in topological order).
  for (auto& a : actors_) a->feedsWaves = a->spec.inWaves;
  for (bool changed = true; changed;) {
    changed = false;
    for (auto& a : actors_)
      for (const ActorSpec::Edge& e : a->spec.consumers)
        if (!a->feedsWaves && actors_[static_cast<size_t>(e.consumer)]->feedsWaves)
          a->feedsWaves = changed = true;
  }
}

Scheduler::~Scheduler() {
  if (!pool_.empty()) stopWorkers();
}

ops::PhysicalOperator& Scheduler::op(int actor) { return *actors_[static_cast<size_t>(actor)]->spec.op; }
const ops::NodeCounters& Scheduler::counters(int actor) const {
  return actors_[static_cast<size_t>(actor)]->counters;
}

bool Scheduler::hasRoom(const Actor& a) const {
  for (const ActorSpec::Edge& e : a.spec.consumers)
    if (actors_[static_cast<size_t>(e.consumer)]->inbox.size() >= queueBatches_) return false;
  return true;
}

Scheduler::Actor* Scheduler::pickRunnable() {
  for (size_t i = actors_.size(); i-- > 0;) {
    Actor& a = *actors_[i];
    if (a.running || a.finished) continue;
    bool hasWork = a.spec.op->isSource() ? sourceHasWork(a) : !a.inbox.empty();
    if (hasWork && hasRoom(a)) return &a;
  }
  return nullptr;
}

void Scheduler::enableWaves(uint64_t epochRows) {
  waves_ = true;
  epochRows_ = epochRows;
  for (auto& a : actors_) a->epochLimit = epochRows;
}

bool Scheduler::sourceHasWork(const Actor& a) const {
  // Only sources that feed the waves pause at epochs.
  return !a.exhausted && (!waves_ || epochRows_ == 0 || !a.feedsWaves || a.counters.inputRows < a.epochLimit);
}

bool Scheduler::wavesQuiet() {
  for (const auto& a : actors_) {
    if (!a->feedsWaves || a->finished) continue;
    if (a->running || !a->inbox.empty()) return false;
    if (a->spec.op->isSource() && sourceHasWork(*a)) return false;
  }
  return true;
}

void Scheduler::startWorkers(int threads) {
  {
    std::lock_guard lock(mu_);
    stop_ = false;
    persistent_ = true;
  }
  // The engine's thread is one of the `threads`: it runs actors itself while
  // it waits (runUntilQuiet, runToEnd), so a barrier's small steps need no
  // hand-off to a sleeping worker.
  for (int i = 1; i < threads; ++i) pool_.emplace_back([this, i] { worker(i); });
}

void Scheduler::stopWorkers() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : pool_) t.join();
  pool_.clear();
  std::lock_guard lock(mu_);
  persistent_ = false;
}

bool Scheduler::runOne(std::unique_lock<std::mutex>& lock) {
  Actor* a = pickRunnable();
  if (!a) return false;
  a->running = true;
  ++running_;
  bool produce = a->spec.op->isSource() && a->inbox.empty();
  Message msg;
  if (!produce) {
    msg = std::move(a->inbox.front());
    a->inbox.pop_front();
  }
  lock.unlock();
  step(*a, produce, std::move(msg));
  lock.lock();
  return true;
}

Status Scheduler::runToEnd() {
  std::unique_lock lock(mu_);
  while (!failed_ && finished_ < actors_.size()) {
    if (runOne(lock)) continue;
    if (running_ == 0) break;  // nothing runnable and nobody running: nothing can change any more
    cv_.wait(lock);
  }
  return failed_ ? error_ : Status::ok();
}

Status Scheduler::runUntilQuiet(int threads) {
  if (actors_.empty()) return Status::ok();
  if (persistent_) {
    std::unique_lock lock(mu_);
    while (!failed_ && !wavesQuiet()) {
      if (runOne(lock)) continue;
      cv_.wait(lock);
    }
    return failed_ ? error_ : Status::ok();
  }
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) pool.emplace_back([this, i] { worker(i + 1); });
  for (std::thread& t : pool) t.join();
  return failed_ ? error_ : Status::ok();
}

std::vector<std::pair<std::string, uint64_t>> Scheduler::progress() const {
  std::vector<std::pair<std::string, uint64_t>> out;
  for (const auto& a : actors_)
    if (a->spec.progress) out.emplace_back(a->spec.name, a->shownRows.load(std::memory_order_relaxed));
  return out;
}

void Scheduler::setTrace(TraceRecorder* trace) {
  trace_ = trace;
  if (trace_)
    for (auto& a : actors_) a->traceName = trace_->intern(a->spec.name, "node");
}

void Scheduler::worker(int lane) {
  TraceRecorder::setLane(lane);
  std::unique_lock lock(mu_);
  while (true) {
    if (failed_ || finished_ == actors_.size()) {
      cv_.notify_all();
      return;
    }
    if (stop_) return;
    if (runOne(lock)) continue;
    // Nothing runnable and nobody running: nothing can change any more
    // (started workers wait for the engine instead).
    if (running_ == 0 && !persistent_) {
      cv_.notify_all();
      return;
    }
    cv_.wait(lock);
  }
}

Status Scheduler::call(int actor,
                       const std::function<Status(ops::PhysicalOperator&, ops::OperatorContext&)>& body,
                       bool finishes) {
  Actor& a = *actors_[static_cast<size_t>(actor)];
  lastCallDelivered_ = false;
  {
    std::lock_guard lock(mu_);
    if (a.finished) return Status::ok();
    a.running = true;  // started workers leave it alone
  }
  auto start = std::chrono::steady_clock::now();
  Status st = body(*a.spec.op, *a.context);
  auto end = std::chrono::steady_clock::now();
  a.counters.nanos +=
      static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count());
  if (trace_) trace_->span(a.traceName, start, end);
  std::lock_guard lock(mu_);
  a.running = false;
  cv_.notify_all();
  lastCallDelivered_ = !a.context->outbox.empty() || (finishes && st.isOk() && !a.spec.consumers.empty());
  deliver(a, finishes && st.isOk());
  if (!st.isOk() && !failed_) {
    failed_ = true;
    error_ = st;
  }
  return failed_ ? error_ : Status::ok();
}

bool Scheduler::sourcesExhausted() const {
  std::lock_guard lock(mu_);
  for (const auto& a : actors_)
    if (a->spec.op->isSource() && a->feedsWaves && !a->exhausted && !a->finished) return false;
  return true;
}

bool Scheduler::resumeSources() {
  bool any = false;
  {
    std::lock_guard lock(mu_);
    for (auto& a : actors_)
      if (a->spec.op->isSource() && a->feedsWaves && !a->exhausted && !a->finished && epochRows_ > 0) {
        a->epochLimit = a->counters.inputRows + epochRows_;
        any = true;
      }
  }
  cv_.notify_all();
  return any;
}

bool Scheduler::finished(int actor) const {
  std::lock_guard lock(mu_);
  return actors_[static_cast<size_t>(actor)]->finished;
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
    if (!more)
      st = more.status();
    else if (!*more) {
      a.exhausted = true;
      // In the waves, an exhausted source finishes when the engine says so.
      if (!(waves_ && a.spec.inWaves)) {
        st = a.spec.op->finish(ctx);
        done = true;
      }
    }
  } else if (msg.end) {
    st = a.spec.op->inputEnded(msg.port, ctx);
    if (st.isOk() && --a.openInputs == 0 && !(waves_ && a.spec.inWaves)) {
      st = a.spec.op->finish(ctx);
      done = true;
    }
  } else {
    a.counters.rowsIn += msg.delta.rows.size();
    st = a.spec.op->consume(msg.port, std::move(msg.delta), ctx);
  }
  auto end = std::chrono::steady_clock::now();
  a.counters.nanos +=
      static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count());
  if (trace_) trace_->span(a.traceName, start, end);
  if (a.spec.progress)
    a.shownRows.store(produce ? a.counters.inputRows : a.counters.rowsIn, std::memory_order_relaxed);

  std::lock_guard lock(mu_);
  if (produce) {
    rowsRead_.fetch_add(a.counters.inputRows - a.reportedInputRows, std::memory_order_relaxed);
    a.reportedInputRows = a.counters.inputRows;
  }
  deliver(a, done && st.isOk());
  if (!st.isOk() && !failed_) {
    failed_ = true;
    error_ = st;
  }
  a.running = false;
  --running_;
  cv_.notify_all();
}

void Scheduler::deliver(Actor& a, bool done) {
  Context& ctx = *a.context;
  const auto& edges = a.spec.consumers;
  auto send = [&](size_t i, Delta delta) {
    Message m;
    m.port = edges[i].port;
    m.delta = std::move(delta);
    actors_[static_cast<size_t>(edges[i].consumer)]->inbox.push_back(std::move(m));
  };
  for (Delta& d : ctx.outbox) {
    if (edges.empty()) continue;
    // Every consumer but the last gets a copy sharing d's strings; the last gets d.
    for (size_t i = 0; i + 1 < edges.size(); ++i) send(i, shareDelta(d));
    send(edges.size() - 1, std::move(d));
  }
  ctx.outbox.clear();
  if (!done) return;
  a.finished = true;
  ++finished_;
  for (const ActorSpec::Edge& e : edges) {
    Actor& consumer = *actors_[static_cast<size_t>(e.consumer)];
    // Actors in the waves finish when the engine says so, not by end markers.
    if (waves_ && consumer.spec.inWaves && !consumer.spec.endMarkersInWaves) continue;
    Message m;
    m.port = e.port;
    m.end = true;
    consumer.inbox.push_back(std::move(m));
  }
}

}  // namespace popper::exec

// Scheduler: runs the operators of a plan on a fixed pool of worker threads.
// Actor style: each operator (actor) has one FIFO inbox and runs one message
// at a time, so its state needs no locks; a worker picks any runnable actor,
// preferring downstream ones so queues drain first. Backpressure without
// blocking a worker: an actor is runnable only while every consumer's inbox
// holds fewer than `queueBatches` messages (one run may overshoot by its
// output), and an extractor reads its next batch only then. Sinks are always
// runnable, so by induction every inbox drains: no deadlock, diamonds
// included (a join or union fed twice by one extractor just sees both ports
// in its one inbox). End of input travels as an end marker per edge; an
// actor finishes after the end markers of all its inputs.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "runtime/exec/RejectSink.h"
#include "runtime/ops/PhysicalOperator.h"

namespace popper::exec {

struct ActorSpec {
  std::unique_ptr<ops::PhysicalOperator> op;
  int numInputs = 0;
  struct Edge {
    int consumer = 0;  // actor index
    int port = 0;
  };
  std::vector<Edge> consumers;
  std::string name;    // for rejects: the rowset name
  std::string source;  // for rejects: the input file rows of this node come from
};

class Scheduler {
 public:
  Scheduler(std::vector<ActorSpec> actors, RejectSink& rejects, size_t queueBatches);
  ~Scheduler();

  // Runs every actor to completion (or to the first failure) on `threads` workers.
  Status run(int threads);

  ops::PhysicalOperator& op(int actor);
  const ops::NodeCounters& counters(int actor) const;
  // Records read by extractors so far (for a progress line; safe from any thread).
  uint64_t rowsRead() const { return rowsRead_.load(std::memory_order_relaxed); }

 private:
  struct Message {
    int port = 0;
    bool end = false;
    ops::Delta delta;
  };
  struct Actor;
  class Context;

  void worker();
  Actor* pickRunnable();
  bool hasRoom(const Actor& a) const;
  void step(Actor& a, bool produce, Message msg);

  std::vector<std::unique_ptr<Actor>> actors_;
  RejectSink& rejects_;
  size_t queueBatches_;
  std::mutex mu_;
  std::condition_variable cv_;
  size_t finished_ = 0;
  bool failed_ = false;
  Status error_;
  std::atomic<uint64_t> rowsRead_{0};
};

}  // namespace popper::exec

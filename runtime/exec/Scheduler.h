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
//
// Waves (plans with handlers, enableWaves()): actors marked `inWaves` (those
// reachable from a back-edge target) get no end markers (except, with
// `endMarkersInWaves`, from inputs outside the waves); the engine drives
// them at quiescent points instead, through call(). Sources pause after every
// `epochRows` records they read (resumeSources() lets them read the next
// epoch) and an exhausted source does not finish by itself unless it is
// outside the waves. runUntilQuiet() returns once nothing can run: no actor
// running, every inbox empty, every source paused or exhausted. Without
// waves, that is exactly the end of the run.
//
// With waves, the workers stay up from startWorkers() to stopWorkers(), and
// "quiet" concerns only the actors that feed the waves (in the waves, or
// with a path into them): the others (what a gating handler feeds,
// see compiler/plan/HandlerGates.h) cannot change anything the waves see, so
// they keep running through the engine's barriers, and only sources that
// feed the waves pause at epochs. runToEnd() waits for every actor.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "runtime/exec/RejectSink.h"
#include "runtime/exec/TraceRecorder.h"
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
  std::string name;      // for rejects: the rowset name
  std::string source;    // for rejects: the input file rows of this node come from
  bool inWaves = false;  // driven by the engine's waves (see above)
  // In the waves, still gets the end markers of its inputs outside them (a
  // build/probe join learns its right side is complete); never finishes by them.
  bool endMarkersInWaves = false;
  bool progress = false;  // listed by progress() (extractors and model operators)
};

class Scheduler {
 public:
  Scheduler(std::vector<ActorSpec> actors, RejectSink& rejects, size_t queueBatches);
  ~Scheduler();

  // Runs every actor to completion (or to the first failure) on `threads` workers.
  Status run(int threads) { return runUntilQuiet(threads); }

  // ---- waves (see the header comment) ----
  void enableWaves(uint64_t epochRows);
  // Waves: starts threads-1 workers that stay until stopWorkers() (the
  // destructor stops them too); the caller's thread is the last one, running
  // actors while it waits in runUntilQuiet() and runToEnd().
  void startWorkers(int threads);
  void stopWorkers();
  // Without started workers: runs actors on `threads` workers until nothing
  // can run (or a failure). With them: waits until every actor that feeds the
  // waves is quiet (or a failure).
  Status runUntilQuiet(int threads);
  // With started workers: waits until every actor is done or nothing can run.
  Status runToEnd();
  // While quiet, on the calling thread: runs `body` on actor `actor`'s
  // operator and delivers what it emitted. `finishes`: the actor is done
  // afterwards (end markers go to its consumers outside the waves).
  Status call(int actor, const std::function<Status(ops::PhysicalOperator&, ops::OperatorContext&)>& body,
              bool finishes = false);
  // Whether the last call() sent anything downstream (if not, the run is still quiet).
  bool lastCallDelivered() const { return lastCallDelivered_; }
  bool sourcesExhausted() const;
  // Lets every paused source read its next epoch; false if none was paused.
  bool resumeSources();
  bool finished(int actor) const;

  ops::PhysicalOperator& op(int actor);
  const ops::NodeCounters& counters(int actor) const;
  // Records read by extractors so far (for a progress line; safe from any thread).
  uint64_t rowsRead() const { return rowsRead_.load(std::memory_order_relaxed); }
  // Rows read (sources) or received so far by each actor whose spec asks
  // for progress, by name (safe from any thread).
  std::vector<std::pair<std::string, uint64_t>> progress() const;
  // Records every step's busy interval, named by the actor (before running).
  void setTrace(TraceRecorder* trace);

 private:
  struct Message {
    int port = 0;
    bool end = false;
    Delta delta;
  };
  struct Actor;
  class Context;

  void worker(int lane);
  Actor* pickRunnable();
  // With mu_ held: runs one step of a runnable actor (unlocking meanwhile);
  // false if none is runnable.
  bool runOne(std::unique_lock<std::mutex>& lock);
  // With mu_ held: a source that may read on (not exhausted, not paused at an epoch).
  bool sourceHasWork(const Actor& a) const;
  // With mu_ held: no actor that feeds the waves is running or has work.
  bool wavesQuiet();
  bool hasRoom(const Actor& a) const;
  void step(Actor& a, bool produce, Message msg);
  // With mu_ held: sends a's outbox (and its end markers if done) downstream.
  void deliver(Actor& a, bool done);

  std::vector<std::unique_ptr<Actor>> actors_;
  RejectSink& rejects_;
  TraceRecorder* trace_ = nullptr;
  size_t queueBatches_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  size_t finished_ = 0;
  size_t running_ = 0;
  bool waves_ = false;
  uint64_t epochRows_ = 0;
  bool failed_ = false;
  Status error_;
  std::atomic<uint64_t> rowsRead_{0};
  bool lastCallDelivered_ = false;
  std::vector<std::thread> pool_;  // started workers (waves)
  bool stop_ = false;
  bool persistent_ = false;  // workers wait for the engine instead of stopping when quiet
};

}  // namespace popper::exec

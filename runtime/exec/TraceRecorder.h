// TraceRecorder: what a run did when, as Chrome trace events (`popper run
// --trace FILE`; Perfetto and chrome://tracing open it): each operator's
// busy intervals on the lane of the thread that ran it, the engine's
// barriers, JIT compiles. Lanes: 0 is the engine's thread, 1..n the
// scheduler's workers, kJitLane the JIT's compiles. Thread-safe; a run
// without a recorder records nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace popper::exec {

class TraceRecorder {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr int kJitLane = 1000;

  explicit TraceRecorder(Clock::time_point origin = Clock::now()) : origin_(origin) {}

  // The calling thread's lane from now on (default 0).
  static void setLane(int lane);
  static int lane();

  // An id for `name` in category `category` ("node", "barrier", "jit", ...).
  int intern(const std::string& name, const std::string& category);
  // A busy interval of `name` (an intern() id) on the calling thread's lane, or on `lane`.
  void span(int name, Clock::time_point begin, Clock::time_point end) { span(name, lane(), begin, end); }
  void span(int name, int lane, Clock::time_point begin, Clock::time_point end);
  size_t size() const;

  // {"traceEvents": [...]}: one complete event ("ph": "X") per span, in
  // microseconds since the origin, and the lanes' names.
  std::string json() const;

 private:
  struct Event {
    int name;
    int lane;
    int64_t beginNs, durationNs;
  };
  Clock::time_point origin_;
  mutable std::mutex mu_;
  std::vector<std::pair<std::string, std::string>> names_;  // (name, category) by id
  std::map<std::pair<std::string, std::string>, int> ids_;
  std::vector<Event> events_;
};

}  // namespace popper::exec

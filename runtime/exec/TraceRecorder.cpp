#include "runtime/exec/TraceRecorder.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>

namespace popper::exec {
namespace {

thread_local int threadLane = 0;

std::string laneName(int lane) {
  if (lane == 0) return "engine";
  if (lane == TraceRecorder::kJitLane) return "jit";
  return fmt::format("worker {}", lane);
}

}  // namespace

void TraceRecorder::setLane(int lane) { threadLane = lane; }
int TraceRecorder::lane() { return threadLane; }

int TraceRecorder::intern(const std::string& name, const std::string& category) {
  std::lock_guard lock(mu_);
  auto [it, added] = ids_.emplace(std::pair{name, category}, static_cast<int>(names_.size()));
  if (added) names_.emplace_back(name, category);
  return it->second;
}

void TraceRecorder::span(int name, int lane, Clock::time_point begin, Clock::time_point end) {
  auto ns = [&](Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t - origin_).count();
  };
  std::lock_guard lock(mu_);
  events_.push_back({name, lane, ns(begin), ns(end) - ns(begin)});
}

size_t TraceRecorder::size() const {
  std::lock_guard lock(mu_);
  return events_.size();
}

std::string TraceRecorder::json() const {
  std::lock_guard lock(mu_);
  nlohmann::json events = nlohmann::json::array();
  std::set<int> lanes;
  for (const Event& e : events_) {
    lanes.insert(e.lane);
    events.push_back({{"name", names_[static_cast<size_t>(e.name)].first},
                      {"cat", names_[static_cast<size_t>(e.name)].second},
                      {"ph", "X"},
                      {"pid", 1},
                      {"tid", e.lane},
                      {"ts", static_cast<double>(e.beginNs) / 1e3},
                      {"dur", static_cast<double>(e.durationNs) / 1e3}});
  }
  events.push_back({{"name", "process_name"}, {"ph", "M"}, {"pid", 1}, {"args", {{"name", "popper run"}}}});
  for (int lane : lanes)
    events.push_back({{"name", "thread_name"},
                      {"ph", "M"},
                      {"pid", 1},
                      {"tid", lane},
                      {"args", {{"name", laneName(lane)}}}});
  return nlohmann::json{{"traceEvents", events}, {"displayTimeUnit", "ms"}}.dump();
}

}  // namespace popper::exec

// One workflow run started by the studio: a `popper run` child process and
// the events it produced so far (log and progress lines from its standard
// error, then its report and its end), kept for every listener to replay.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace popper::studio {

struct RunEvent {
  std::string type;  // "log", "progress", "report" or "end"
  std::string data;  // one line: text for "log", JSON for the others
};

class StudioRun {
 public:
  StudioRun(std::string id, std::filesystem::path folder) : id_(std::move(id)), folder_(std::move(folder)) {}
  ~StudioRun();
  StudioRun(const StudioRun&) = delete;
  StudioRun& operator=(const StudioRun&) = delete;

  const std::string& id() const { return id_; }
  const std::filesystem::path& folder() const { return folder_; }
  std::filesystem::path reportPath() const { return folder_ / "report.json"; }

  // Forks and execs `argv` (argv[0] is the executable) with standard error
  // on a pipe this run reads on a thread of its own. Returns an error
  // message, or "" once the child runs.
  std::string start(const std::vector<std::string>& argv);

  // SIGTERM to the child's process group; false when it is no longer running.
  bool cancel();

  struct Batch {
    std::vector<RunEvent> events;  // those from `from` on
    bool ended = false;            // and no event will follow them
  };
  // The events from index `from`, waiting up to `timeout` for one.
  Batch eventsFrom(size_t from, std::chrono::milliseconds timeout);

 private:
  void readOutput(int fd);
  void finish(int waitStatus);
  void push(RunEvent event);

  std::string id_;
  std::filesystem::path folder_;
  pid_t pid_ = -1;
  std::thread reader_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<RunEvent> events_;
  bool ended_ = false;
  bool cancelled_ = false;
};

}  // namespace popper::studio

// The studio's runs: each a `popper run` child process (so a crashing
// plugin or model cannot take the server down), in a folder of its own
// under the work folder: out/ for its outputs, report.json for its report.
#pragma once

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "studio/StudioRun.h"

namespace popper::studio {

struct RunRequest {
  std::filesystem::path workflow;  // resolved under the root, a .scope file
  std::map<std::string, std::string> params;
  bool noHandlers = false;
};

class RunManager {
 public:
  // `popper` is the executable that runs workflows (the server's own); each
  // run is recorded in the run store `store`.
  RunManager(std::string popper, std::filesystem::path store, std::filesystem::path workDir)
      : popper_(std::move(popper)), store_(std::move(store)), workDir_(std::move(workDir)) {}

  // Starts the run; sets `id`, or returns an error message.
  std::string start(const RunRequest& request, std::string& id);
  std::shared_ptr<StudioRun> find(const std::string& id);

 private:
  std::string popper_;
  std::filesystem::path store_;
  std::filesystem::path workDir_;
  // The server's start and pid keep run folders of earlier servers apart.
  std::string stamp_ = std::to_string(std::chrono::system_clock::now().time_since_epoch().count() / 1000000) +
                       "-" + std::to_string(getpid());
  std::mutex mutex_;
  int next_ = 1;
  std::map<std::string, std::shared_ptr<StudioRun>> runs_;
};

}  // namespace popper::studio

// Starting and finding the studio's runs (see RunManager.h).
#include "studio/RunManager.h"

#include <vector>

namespace popper::studio {

std::string RunManager::start(const RunRequest& request, std::string& id) {
  std::filesystem::path folder;
  {
    std::lock_guard lock(mutex_);
    id = std::to_string(next_++);
    folder = workDir_ / "runs" / (stamp_ + "-" + id);
  }
  std::error_code ec;
  std::filesystem::create_directories(folder / "out", ec);
  if (ec) return "cannot create the run folder " + folder.string() + ": " + ec.message();
  auto run = std::make_shared<StudioRun>(id, folder);
  std::vector<std::string> argv = {popper_,
                                   "run",
                                   request.workflow.string(),
                                   "--out-dir",
                                   (folder / "out").string(),
                                   "--report",
                                   run->reportPath().string(),
                                   "--progress",
                                   "--store",
                                   store_.string()};
  for (const auto& [name, value] : request.params) {
    argv.push_back("-p");
    argv.push_back(name + "=" + value);
  }
  if (request.noHandlers) argv.push_back("--no-handlers");
  if (std::string error = run->start(argv); !error.empty()) return error;
  std::lock_guard lock(mutex_);
  runs_[id] = std::move(run);
  return "";
}

std::shared_ptr<StudioRun> RunManager::find(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = runs_.find(id);
  return it == runs_.end() ? nullptr : it->second;
}

}  // namespace popper::studio

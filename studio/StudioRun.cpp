// A studio run's child process and its events (see StudioRun.h).
#include "studio/StudioRun.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace popper::studio {
namespace {

constexpr std::string_view kProgressPrefix = "popper: progress ";

// Between fork and exec only async-signal-safe calls: everything is prepared before.
[[noreturn]] void execChild(const std::vector<char*>& argv, int errFd) {
  setpgid(0, 0);  // cancel signals the run and any model subprocess it started
  // The server blocks SIGINT and SIGTERM in its threads (a signal thread
  // stops it) and ignores SIGPIPE: a run gets the defaults back.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  signal(SIGPIPE, SIG_DFL);
  int devNull = open("/dev/null", O_RDWR);
  if (devNull >= 0) {
    dup2(devNull, STDIN_FILENO);
    dup2(devNull, STDOUT_FILENO);
  }
  dup2(errFd, STDERR_FILENO);
  close_range(3, ~0U, 0);  // not the server's sockets
  execv(argv[0], argv.data());
  _exit(127);
}

std::string compactJson(const std::string& text) {
  auto doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  return doc.is_discarded() ? nlohmann::json(text).dump() : doc.dump();
}

}  // namespace

StudioRun::~StudioRun() {
  cancel();
  if (reader_.joinable()) reader_.join();
}

std::string StudioRun::start(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return "cannot create a pipe";
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return "cannot start a process";
  }
  if (pid == 0) execChild(argv, fds[1]);
  close(fds[1]);
  {
    std::lock_guard lock(mutex_);
    pid_ = pid;
  }
  reader_ = std::thread([this, fd = fds[0]] { readOutput(fd); });
  return "";
}

bool StudioRun::cancel() {
  std::lock_guard lock(mutex_);
  if (pid_ <= 0 || ended_) return false;
  cancelled_ = true;
  kill(-pid_, SIGTERM);
  return true;
}

void StudioRun::push(RunEvent event) {
  {
    std::lock_guard lock(mutex_);
    events_.push_back(std::move(event));
  }
  changed_.notify_all();
}

void StudioRun::readOutput(int fd) {
  FILE* in = fdopen(fd, "r");
  char* line = nullptr;
  size_t capacity = 0;
  ssize_t length;
  while (in && (length = getline(&line, &capacity, in)) > 0) {
    std::string text(line, static_cast<size_t>(length));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    if (text.starts_with(kProgressPrefix))
      push({"progress", compactJson(text.substr(kProgressPrefix.size()))});
    else
      push({"log", text});
  }
  free(line);
  if (in) fclose(in);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  finish(status);
}

void StudioRun::finish(int waitStatus) {
  std::ifstream report(reportPath());
  if (report) {
    std::ostringstream text;
    text << report.rdbuf();
    push({"report", compactJson(text.str())});
  }
  nlohmann::json end;
  bool cancelled;
  {
    std::lock_guard lock(mutex_);
    cancelled = cancelled_;
  }
  if (WIFEXITED(waitStatus)) end["exit_code"] = WEXITSTATUS(waitStatus);
  if (WIFSIGNALED(waitStatus)) end["signal"] = WTERMSIG(waitStatus);
  bool ok = WIFEXITED(waitStatus) && WEXITSTATUS(waitStatus) == 0;
  end["status"] = cancelled ? "cancelled" : ok ? "ok" : "failed";
  {
    std::lock_guard lock(mutex_);
    events_.push_back({"end", end.dump()});
    ended_ = true;
  }
  changed_.notify_all();
}

StudioRun::Batch StudioRun::eventsFrom(size_t from, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return events_.size() > from || ended_; });
  Batch batch;
  for (size_t i = from; i < events_.size(); ++i) batch.events.push_back(events_[i]);
  batch.ended = ended_;
  return batch;
}

}  // namespace popper::studio

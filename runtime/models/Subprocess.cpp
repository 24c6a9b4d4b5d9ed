// Child processes with piped stdin, stdout and stderr (see Subprocess.h).
#include "runtime/models/Subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <optional>

namespace popper::models {
namespace {

using Clock = std::chrono::steady_clock;

// A child that dies while we write must not kill us with SIGPIPE: the write
// fails with EPIPE instead and the exchange reports Closed.
void ignoreSigpipeOnce() {
  static const bool done = [] {
    std::signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)done;
}

void closeFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

void setNonBlocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

int millisUntil(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<int64_t>(left, 0, 1 << 30));
}

std::string describeStatus(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status))
    return "was killed by signal " + std::to_string(WTERMSIG(status)) + " (" + ::strsignal(WTERMSIG(status)) +
           ")";
  return "ended with wait status " + std::to_string(status);
}

}  // namespace

Subprocess::~Subprocess() { stop(); }

bool Subprocess::start(const std::vector<std::string>& argv, std::string& error) {
  ignoreSigpipeOnce();
  stop();
  stderr_.clear();
  exitStatus_ = -1;
  int in[2], out[2], err[2], report[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0 ||
      ::pipe2(report, O_CLOEXEC) != 0) {
    error = std::string("cannot create pipes: ") + std::strerror(errno);
    return false;
  }
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) {
    error = std::string("cannot fork: ") + std::strerror(errno);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1], report[0], report[1]}) ::close(fd);
    return false;
  }
  if (pid == 0) {
    // Its own process group, so stop() also ends whatever it started (the
    // stages of a shell pipeline, the interpreter behind `sh -c`).
    ::setpgid(0, 0);
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    ::execvp(args[0], args.data());
    // Tell the parent why exec failed through the close-on-exec pipe.
    int e = errno;
    ssize_t ignored = ::write(report[1], &e, sizeof e);
    (void)ignored;
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  ::close(report[1]);
  int execErrno = 0;
  ssize_t n = ::read(report[0], &execErrno, sizeof execErrno);
  ::close(report[0]);
  pid_ = pid;
  toChild_ = in[1];
  fromChild_ = out[0];
  errFromChild_ = err[0];
  pending_.clear();
  if (n == static_cast<ssize_t>(sizeof execErrno)) {
    error = "cannot run '" + argv[0] + "': " + std::strerror(execErrno);
    stop();
    return false;
  }
  setNonBlocking(toChild_);
  setNonBlocking(fromChild_);
  setNonBlocking(errFromChild_);
  return true;
}

void Subprocess::stop() {
  closeFd(toChild_);
  closeFd(fromChild_);
  closeFd(errFromChild_);
  if (pid_ > 0) {
    ::kill(-pid_, SIGKILL);
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  pid_ = -1;
  pending_.clear();
}

std::string Subprocess::finish(int graceMs) {
  if (pid_ <= 0) return "was not running";
  closeFd(toChild_);
  closeFd(fromChild_);
  Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(graceMs);
  bool reaped = false;
  int status = 0;
  for (;;) {
    siginfo_t info{};
    if (!reaped && ::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
        info.si_pid == pid_) {
      // Not reaped yet, so its group id cannot be reused: end what it left
      // behind (which may hold its stderr open), then reap it.
      ::kill(-pid_, SIGKILL);
      while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
      reaped = true;
    }
    if (reaped && errFromChild_ < 0) break;
    int wait = std::min(millisUntil(deadline), 10);
    if (wait == 0) break;
    if (errFromChild_ >= 0) {
      pollfd fd{errFromChild_, POLLIN, 0};
      if (::poll(&fd, 1, wait) > 0) readStderr();
    } else {
      ::poll(nullptr, 0, wait);
    }
  }
  std::string how;
  if (reaped) {
    exitStatus_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    how = describeStatus(status);
    pid_ = -1;
  } else {
    how = "did not exit within " + std::to_string(graceMs) + " ms and was killed";
  }
  stop();
  return how;
}

void Subprocess::readStderr() {
  char buffer[16384];
  for (;;) {
    ssize_t n = ::read(errFromChild_, buffer, sizeof buffer);
    if (n == 0) {
      closeFd(errFromChild_);
      return;
    }
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN) closeFd(errFromChild_);
      return;
    }
    stderr_.append(buffer, static_cast<size_t>(n));
    if (stderr_.size() > 2 * kStderrTailBytes) stderr_.erase(0, stderr_.size() - kStderrTailBytes);
  }
}

std::string Subprocess::stderrTail() const {
  size_t begin = stderr_.size() > kStderrTailBytes ? stderr_.size() - kStderrTailBytes : 0;
  while (begin < stderr_.size() && (static_cast<unsigned char>(stderr_[begin]) & 0xC0) == 0x80) ++begin;
  size_t end = stderr_.size();
  while (end > begin && std::strchr(" \t\r\n", stderr_[end - 1]) != nullptr) --end;
  return stderr_.substr(begin, end - begin);
}

Subprocess::Outcome Subprocess::exchange(std::string_view input, const Limits& limits,
                                         const LineHandler& onLine) {
  if (!running()) return Outcome::Closed;
  auto lineWait = std::chrono::milliseconds(limits.lineTimeoutMs);
  Clock::time_point deadline = Clock::now() + lineWait;
  // Hands the complete lines read so far to onLine; an outcome when done.
  auto takeLines = [&]() -> std::optional<Outcome> {
    size_t start = 0, pos;
    std::optional<Outcome> result;
    while ((pos = pending_.find(limits.delim, start)) != std::string::npos) {
      if (pos - start > limits.maxLineBytes) return Outcome::LineTooLong;
      deadline = Clock::now() + lineWait;
      bool more = onLine(std::string_view(pending_).substr(start, pos - start));
      start = pos + 1;
      if (!more) {
        result = Outcome::Ok;
        break;
      }
    }
    pending_.erase(0, start);
    if (!result && pending_.size() > limits.maxLineBytes) return Outcome::LineTooLong;
    return result;
  };
  if (auto done = takeLines()) return *done;
  size_t written = 0;
  char buffer[65536];
  for (;;) {
    int wait = millisUntil(deadline);
    if (wait == 0) return Outcome::Timeout;
    pollfd fds[3];
    nfds_t count = 0;
    fds[count++] = {fromChild_, POLLIN, 0};
    int errSlot = -1, inSlot = -1;
    if (errFromChild_ >= 0) {
      errSlot = static_cast<int>(count);
      fds[count++] = {errFromChild_, POLLIN, 0};
    }
    if (written < input.size()) {
      inSlot = static_cast<int>(count);
      fds[count++] = {toChild_, POLLOUT, 0};
    }
    int ready = ::poll(fds, count, wait);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return Outcome::Closed;
    }
    if (ready == 0) continue;  // the deadline decides
    if (inSlot >= 0 && (fds[inSlot].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t n = ::write(toChild_, input.data() + written, input.size() - written);
      if (n < 0 && errno != EAGAIN && errno != EINTR) return Outcome::Closed;
      if (n > 0) written += static_cast<size_t>(n);
    }
    if (errSlot >= 0 && (fds[errSlot].revents & (POLLIN | POLLERR | POLLHUP))) readStderr();
    if (fds[0].revents & (POLLIN | POLLERR | POLLHUP)) {
      ssize_t n = ::read(fromChild_, buffer, sizeof buffer);
      if (n == 0) return Outcome::Closed;
      if (n < 0 && errno != EAGAIN && errno != EINTR) return Outcome::Closed;
      if (n > 0) {
        pending_.append(buffer, static_cast<size_t>(n));
        if (auto done = takeLines()) return *done;
      }
    }
  }
}

Subprocess::Outcome Subprocess::exchange(std::string_view input, char delim, size_t expected,
                                         int lineTimeoutMs, std::vector<std::string>& replies) {
  if (expected == 0) return Outcome::Ok;
  size_t got = 0;
  Limits limits;
  limits.delim = delim;
  limits.lineTimeoutMs = lineTimeoutMs;
  return exchange(input, limits, [&](std::string_view line) {
    replies.emplace_back(line);
    return ++got < expected;
  });
}

}  // namespace popper::models

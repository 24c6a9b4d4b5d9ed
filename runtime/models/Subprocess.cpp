// Child processes with piped stdin/stdout (see Subprocess.h).
#include "runtime/models/Subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

namespace popper::models {
namespace {

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

}  // namespace

Subprocess::~Subprocess() { stop(); }

bool Subprocess::start(const std::vector<std::string>& argv, std::string& error) {
  ignoreSigpipeOnce();
  stop();
  int in[2], out[2], report[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(report, O_CLOEXEC) != 0) {
    error = std::string("cannot create pipes: ") + std::strerror(errno);
    return false;
  }
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) {
    error = std::string("cannot fork: ") + std::strerror(errno);
    for (int fd : {in[0], in[1], out[0], out[1], report[0], report[1]}) ::close(fd);
    return false;
  }
  if (pid == 0) {
    // Its own process group, so stop() also ends whatever it started (the
    // stages of a shell pipeline, the interpreter behind `sh -c`).
    ::setpgid(0, 0);
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::execvp(args[0], args.data());
    // Tell the parent why exec failed through the close-on-exec pipe.
    int e = errno;
    ssize_t ignored = ::write(report[1], &e, sizeof e);
    (void)ignored;
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  ::close(report[1]);
  int execErrno = 0;
  ssize_t n = ::read(report[0], &execErrno, sizeof execErrno);
  ::close(report[0]);
  pid_ = pid;
  toChild_ = in[1];
  fromChild_ = out[0];
  pending_.clear();
  if (n == static_cast<ssize_t>(sizeof execErrno)) {
    error = "cannot run '" + argv[0] + "': " + std::strerror(execErrno);
    stop();
    return false;
  }
  ::fcntl(toChild_, F_SETFL, ::fcntl(toChild_, F_GETFL) | O_NONBLOCK);
  ::fcntl(fromChild_, F_SETFL, ::fcntl(fromChild_, F_GETFL) | O_NONBLOCK);
  return true;
}

void Subprocess::stop() {
  closeFd(toChild_);
  closeFd(fromChild_);
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

Subprocess::Outcome Subprocess::exchange(std::string_view input, char delim, size_t expected,
                                         int idleTimeoutMs, std::vector<std::string>& replies) {
  if (!running()) return Outcome::Closed;
  size_t written = 0, got = 0;
  auto takeReplies = [&] {
    size_t start = 0, pos;
    while (got < expected && (pos = pending_.find(delim, start)) != std::string::npos) {
      replies.emplace_back(pending_, start, pos - start);
      ++got;
      start = pos + 1;
    }
    pending_.erase(0, start);
  };
  takeReplies();
  char buffer[65536];
  while (got < expected) {
    pollfd fds[2];
    nfds_t count = 0;
    fds[count++] = {fromChild_, POLLIN, 0};
    if (written < input.size()) fds[count++] = {toChild_, POLLOUT, 0};
    int ready = ::poll(fds, count, idleTimeoutMs);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return Outcome::Closed;
    }
    if (ready == 0) return Outcome::Timeout;
    if (count == 2 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t n = ::write(toChild_, input.data() + written, input.size() - written);
      if (n < 0 && errno != EAGAIN && errno != EINTR) return Outcome::Closed;
      if (n > 0) written += static_cast<size_t>(n);
    }
    if (fds[0].revents & (POLLIN | POLLERR | POLLHUP)) {
      ssize_t n = ::read(fromChild_, buffer, sizeof buffer);
      if (n == 0) return Outcome::Closed;
      if (n < 0 && errno != EAGAIN && errno != EINTR) return Outcome::Closed;
      if (n > 0) {
        pending_.append(buffer, static_cast<size_t>(n));
        takeReplies();
      }
    }
  }
  return Outcome::Ok;
}

}  // namespace popper::models

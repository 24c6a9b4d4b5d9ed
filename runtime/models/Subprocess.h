// A child process with a pipe to its stdin and one from its stdout, for the
// model operators that keep a program running across rows (Translate through
// Apertium, Exec). Requests and replies are exchanged in bulk with poll(), so a
// batch is pipelined through the child without either side blocking the other.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

namespace popper::models {

class Subprocess {
 public:
  Subprocess() = default;
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  // Starts `argv` (argv[0] looked up on PATH); false with `error` set when it
  // cannot be started. stderr is inherited so the child's diagnostics show.
  bool start(const std::vector<std::string>& argv, std::string& error);
  bool running() const { return pid_ > 0; }
  // Kills the child (if any) and reaps it.
  void stop();

  enum class Outcome { Ok, Timeout, Closed };
  // Writes `input` while reading replies, each terminated by `delim`, until
  // `expected` replies arrived (appended to `replies`, without the delimiter),
  // the child closed its stdout or died (Closed), or no byte moved for
  // `idleTimeoutMs` (Timeout). Replies that arrived before a failure are kept.
  Outcome exchange(std::string_view input, char delim, size_t expected, int idleTimeoutMs,
                   std::vector<std::string>& replies);

 private:
  pid_t pid_ = -1;
  int toChild_ = -1;
  int fromChild_ = -1;
  std::string pending_;  // bytes read past the last complete reply
};

}  // namespace popper::models

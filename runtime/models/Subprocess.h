// A child process with a pipe to its stdin and one from its stdout, for the
// model operators that keep a program running across rows (Translate through
// Apertium, Exec). Requests and replies are exchanged in bulk with poll(), so a
// batch is pipelined through the child without either side blocking the other.
// The child's stderr is a pipe too, read during every exchange: it never
// reaches the terminal, and its last kStderrTailBytes are kept for the reasons
// a failure is reported with.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace popper::models {

class Subprocess {
 public:
  static constexpr size_t kStderrTailBytes = 4096;

  Subprocess() = default;
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  // Starts `argv` (argv[0] looked up on PATH); false with `error` set when it
  // cannot be started. Clears the stderr tail of the previous child.
  bool start(const std::vector<std::string>& argv, std::string& error);
  bool running() const { return pid_ > 0; }
  // Kills the child (if any) and reaps it.
  void stop();
  // For a child that closed its stdout: closes its stdin, reads what is left
  // of its stderr and waits up to `graceMs` for it to exit (then kills it).
  // Says how it ended: "exited with status 3", "was killed by signal 11
  // (Segmentation fault)"; exitStatus() is then its status, or -1.
  std::string finish(int graceMs);
  int exitStatus() const { return exitStatus_; }

  // The last bytes (at most kStderrTailBytes) the current or last child wrote
  // to its stderr, starting at a UTF-8 character, trailing blanks trimmed.
  std::string stderrTail() const;

  enum class Outcome {
    Ok,           // the line handler asked for no more lines
    Timeout,      // no complete line for lineTimeoutMs
    Closed,       // the child closed its stdout or died
    LineTooLong,  // a line grew past maxLineBytes
  };
  struct Limits {
    char delim = '\n';
    int lineTimeoutMs = 10000;
    size_t maxLineBytes = size_t{16} << 20;
  };
  // Called with each complete line (without the delimiter); returns whether
  // it wants more.
  using LineHandler = std::function<bool(std::string_view line)>;
  // Writes `input` while reading lines and handing them to `onLine`, until
  // it wants no more (Ok), the child closes its stdout (Closed), a line
  // exceeds the bound (LineTooLong) or no complete line arrives for
  // lineTimeoutMs, counted from the start and from each line (Timeout): a
  // child that writes without ending its line times out like a silent one.
  // Bytes read past the last line handled are kept for the next exchange.
  Outcome exchange(std::string_view input, const Limits& limits, const LineHandler& onLine);
  // The same, collecting `expected` lines into `replies` (Ok once they came).
  Outcome exchange(std::string_view input, char delim, size_t expected, int lineTimeoutMs,
                   std::vector<std::string>& replies);

 private:
  void readStderr();

  pid_t pid_ = -1;
  int toChild_ = -1;
  int fromChild_ = -1;
  int errFromChild_ = -1;
  int exitStatus_ = -1;
  std::string pending_;  // bytes read past the last complete reply
  std::string stderr_;   // the last kStderrTailBytes of the child's stderr
};

}  // namespace popper::models

// Subprocess: a child's stderr is read while it runs and only its tail is
// kept, cut at a UTF-8 character; finish() says how the child ended; a
// partial line that never ends times out; a line past the bound stops the
// exchange without being kept whole.
#include "runtime/models/Subprocess.h"

#include <doctest/doctest.h>

using popper::models::Subprocess;

TEST_CASE("Subprocess keeps the last 4 KiB of stderr, from a whole UTF-8 character") {
  Subprocess p;
  std::string error;
  // 3,000 two-byte characters, then a marker (an odd byte count: the 4 KiB start inside a
  // character), then exit 7 without a line on stdout.
  REQUIRE(
      p.start({"python3", "-c",
               "import sys; sys.stderr.write('\\u00e9' * 3000 + 'END!\\n'); sys.stderr.flush(); sys.exit(7)"},
              error));
  std::vector<std::string> lines;
  CHECK(p.exchange("", '\n', 1, 5000, lines) == Subprocess::Outcome::Closed);
  CHECK(p.finish(1000) == "exited with status 7");
  CHECK(p.exitStatus() == 7);
  std::string tail = p.stderrTail();
  CHECK(tail.size() <= Subprocess::kStderrTailBytes);
  CHECK(tail.size() > 4000);
  CHECK(tail.ends_with("\u00e9END!"));
  CHECK(tail.starts_with("\u00e9"));
}

TEST_CASE("Subprocess times out a line that never ends and bounds a long one") {
  Subprocess::Limits limits;
  limits.lineTimeoutMs = 300;
  std::vector<std::string> seen;
  auto collect = [&](std::string_view line) {
    seen.emplace_back(line);
    return true;
  };
  {
    Subprocess p;
    std::string error;
    REQUIRE(p.start({"/bin/sh", "-c", "echo one; while true; do printf x; sleep 0.01; done"}, error));
    CHECK(p.exchange("", limits, collect) == Subprocess::Outcome::Timeout);
    CHECK(seen == std::vector<std::string>{"one"});
  }
  limits.lineTimeoutMs = 5000;
  limits.maxLineBytes = 100000;
  Subprocess p;
  std::string error;
  REQUIRE(p.start({"/bin/sh", "-c", "echo two; yes xxxxxxxxxxxxxxxxxxxx | tr -d '\\n'"}, error));
  CHECK(p.exchange("", limits, collect) == Subprocess::Outcome::LineTooLong);
  CHECK(seen == std::vector<std::string>{"one", "two"});
}

// InputCopy: which inputs can be read only once, and their copy for --verify.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <thread>

#include "io_test_support.h"
#include "runtime/io/InputCopy.h"

using namespace popper;
using namespace popper::test;

TEST_CASE("standard input, FIFOs and devices can be read once; files and missing paths are not") {
  TempDir dir;
  writeFile(dir.file("f.txt"), "x\n");
  REQUIRE(::mkfifo(dir.file("fifo").c_str(), 0600) == 0);
  CHECK(InputCopy::readsOnce("-"));
  CHECK(InputCopy::readsOnce(dir.file("fifo")));
  CHECK(InputCopy::readsOnce("/dev/null"));
  CHECK_FALSE(InputCopy::readsOnce(dir.file("f.txt")));
  CHECK_FALSE(InputCopy::readsOnce(dir.file("missing.txt")));
  CHECK_FALSE(InputCopy::readsOnce(dir.path.string()));
}

TEST_CASE("a FIFO is copied whole into a temporary file removed with the copy") {
  TempDir dir;
  std::string fifo = dir.file("fifo");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "line " + std::to_string(i) + "\n";  // more than a pipe holds
  std::thread writer([&] { writeFile(fifo, text); });
  auto copy = InputCopy::make(fifo);
  writer.join();
  REQUIRE(copy.isOk());
  std::string path = (*copy)->path();
  CHECK(std::filesystem::path(path).filename().string().find(".popper-tmp-") != std::string::npos);
  CHECK(readFile(path) == text);
  copy->reset();
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("making a copy removes the copies that killed runs left in the temporary folder") {
  std::string stale =
      (std::filesystem::temp_directory_path() / (".input.popper-tmp-" + std::to_string(deadPid()) + "-0"))
          .string();
  writeFile(stale, "left by a kill -9");
  auto copy = InputCopy::make("/dev/null");
  REQUIRE(copy.isOk());
  CHECK_FALSE(std::filesystem::exists(stale));
}

TEST_CASE("a copy of a path that cannot be opened is an error naming it") {
  auto copy = InputCopy::make("/nonexistent-dir/in.txt");
  REQUIRE_FALSE(copy.isOk());
  CHECK(copy.status().message().rfind("cannot open input file '/nonexistent-dir/in.txt'", 0) == 0);
}

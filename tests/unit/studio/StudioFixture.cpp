// The API tests' server (see StudioFixture.h).
#include "tests/unit/studio/StudioFixture.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <fstream>

namespace popper::studio::test {

namespace fs = std::filesystem;

void writeFile(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

StudioFixture::StudioFixture() {
  scratch_ = fs::temp_directory_path() / ("popper-studio-test-" + std::to_string(getpid()));
  fs::remove_all(scratch_);
  root_ = scratch_ / "root";
  writeFile(root_ / "small.scope",
            "rows = EXTRACT line:string FROM \"in.txt\" USING Lines();\n"
            "OUTPUT (SELECT line FROM rows WHERE line != \"b\") TO \"out.csv\" USING Csv();\n");
  writeFile(root_ / "in.txt", "a\nb\nc\n");
  writeFile(root_ / "sub/other.scope", "x = EXTRACT a:int FROM \"x.csv\" USING Csv();\n");
  writeFile(root_ / ".hidden/skipped.scope", "");
  writeFile(scratch_ / "outside/secret.scope", "TOP SECRET\n");
  fs::create_directory_symlink(scratch_ / "outside", root_ / "link");
  fs::create_symlink(scratch_ / "outside/secret.scope", root_ / "escape.scope");

  StudioOptions options;
  options.root = root_;
  options.port = 0;
  options.store = scratch_ / "store";
  options.popper = POPPER_BINARY;
  server_ = std::make_unique<StudioServer>(options);
  port_ = server_->bind();
  REQUIRE(port_ > 0);
  thread_ = std::thread([this] { server_->listen(); });
  httplib::Client probe = client();
  for (int i = 0; i < 200 && !probe.Get("/api/files"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

StudioFixture::~StudioFixture() {
  server_->stop();
  thread_.join();
  server_.reset();
  std::error_code ec;
  fs::remove_all(scratch_, ec);
}

httplib::Client StudioFixture::client() const {
  httplib::Client c("127.0.0.1", port_);
  c.set_read_timeout(60, 0);
  return c;
}

}  // namespace popper::studio::test

// A studio server on a free loopback port over a scratch root, for the API
// tests: a few workflows, a file and a folder outside the root reachable
// through symlinks, and a store of its own.
#pragma once

#include <httplib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "studio/StudioServer.h"

namespace popper::studio::test {

class StudioFixture {
 public:
  StudioFixture();
  ~StudioFixture();

  httplib::Client client() const;
  int port() const { return port_; }
  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path store() const { return scratch_ / "store"; }

 private:
  std::filesystem::path scratch_;  // root/, outside/, store/
  std::filesystem::path root_;
  std::unique_ptr<StudioServer> server_;
  std::thread thread_;
  int port_ = -1;
};

// Writes `text` to `path`, creating its folders.
void writeFile(const std::filesystem::path& path, const std::string& text);

}  // namespace popper::studio::test

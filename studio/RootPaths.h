// The studio's one gate to the file system: every path a request names is
// resolved against the root (symlinks followed) and refused unless it stays
// under it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace popper::studio {

class RootPaths {
 public:
  // `root` must exist; it is canonicalized once.
  explicit RootPaths(const std::filesystem::path& root);

  const std::filesystem::path& root() const { return root_; }

  // `relative` resolved under the root (weakly_canonical, so symlinks are
  // followed as far as the path exists), or nullopt when it is absolute,
  // empty or leads outside the root.
  std::optional<std::filesystem::path> resolve(const std::string& relative) const;

  // The .scope files under the root, relative to it, sorted; hidden folders
  // and node_modules are skipped, and so is any file whose real path is
  // outside the root. At most `limit` files.
  std::vector<std::string> listWorkflows(size_t limit = 10000) const;

  // `absolute` relative to the root, "/"-separated.
  std::string relativeName(const std::filesystem::path& absolute) const;

 private:
  bool inside(const std::filesystem::path& canonical) const;

  std::filesystem::path root_;
};

}  // namespace popper::studio

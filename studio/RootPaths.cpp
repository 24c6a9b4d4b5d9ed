// Paths under the studio's root (see RootPaths.h).
#include "studio/RootPaths.h"

#include <algorithm>

namespace popper::studio {

namespace fs = std::filesystem;

RootPaths::RootPaths(const fs::path& root) : root_(fs::canonical(root)) {}

bool RootPaths::inside(const fs::path& canonical) const {
  auto [rootEnd, pathIt] = std::mismatch(root_.begin(), root_.end(), canonical.begin(), canonical.end());
  return rootEnd == root_.end();
}

std::optional<fs::path> RootPaths::resolve(const std::string& relative) const {
  if (relative.empty() || relative.find('\0') != std::string::npos) return std::nullopt;
  fs::path given(relative);
  if (given.is_absolute() || given.has_root_name()) return std::nullopt;
  std::error_code ec;
  fs::path resolved = fs::weakly_canonical(root_ / given, ec);
  if (ec || !inside(resolved)) return std::nullopt;
  return resolved;
}

std::vector<std::string> RootPaths::listWorkflows(size_t limit) const {
  std::vector<std::string> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(root_, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator() && files.size() < limit; it.increment(ec)) {
    const fs::directory_entry& entry = *it;
    std::string name = entry.path().filename().string();
    if (entry.is_directory(ec)) {
      if (name.starts_with(".") || name == "node_modules") it.disable_recursion_pending();
      continue;
    }
    if (entry.path().extension() != ".scope" || !entry.is_regular_file(ec)) continue;
    fs::path real = fs::canonical(entry.path(), ec);
    if (ec || !inside(real)) {
      ec.clear();
      continue;
    }
    files.push_back(relativeName(entry.path()));
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string RootPaths::relativeName(const fs::path& absolute) const {
  return absolute.lexically_relative(root_).generic_string();
}

}  // namespace popper::studio

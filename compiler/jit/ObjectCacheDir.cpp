// Choosing and checking the JIT's object cache folder (see ObjectCacheDir.h).
#include "compiler/jit/ObjectCacheDir.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace popper::jit {

std::string defaultCacheDir() {
  std::string dir;
  if (const char* v = std::getenv("POPPER_JIT_CACHE")) {
    if (std::string(v) == "off") return "";
    dir = v;
  } else if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
    dir = std::string(xdg) + "/popper/jit";
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    dir = std::string(home) + "/.cache/popper/jit";
  }
  if (dir.empty() || !usableCacheDir(dir)) return "";
  return dir;
}

bool usableCacheDir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir, ec)) return false;
  return ::access(dir.c_str(), W_OK | X_OK) == 0;
}

}  // namespace popper::jit

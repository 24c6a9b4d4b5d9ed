// Deciding how an output path is written (see OutputPlace.h).
#include "runtime/io/OutputPlace.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "common/StandardStreams.h"

namespace popper {
namespace {

constexpr int kMaxLinks = 40;  // as the kernel's own limit on symbolic links

bool throughProc(const std::string& path) { return path.rfind("/proc/", 0) == 0; }

Result<std::string> readLink(const std::string& path) {
  std::vector<char> buf(256);
  for (;;) {
    ssize_t n = ::readlink(path.c_str(), buf.data(), buf.size());
    if (n < 0) return Status::ioError("cannot read the link '" + path + "': " + std::strerror(errno));
    if (static_cast<size_t>(n) < buf.size()) return std::string(buf.data(), static_cast<size_t>(n));
    buf.resize(buf.size() * 2);
  }
}

Status notAFile(const std::string& path) {
  return Status::ioError("cannot write output file '" + path + "': it is a folder");
}

}  // namespace

std::string outputDisplayName(const std::string& path) {
  return isStandardStream(path) ? "standard output" : path;
}

Result<OutputPlace> placeOutput(const std::string& path) {
  if (isStandardStream(path)) return OutputPlace{OutputPlaceKind::StandardOutput, path};
  // Follow the links one by one: the file replaced is the one at their end,
  // in its own folder, so every link to it stays a link.
  std::string current = path;
  for (int hop = 0; hop <= kMaxLinks; ++hop) {
    struct stat st;
    if (::lstat(current.c_str(), &st) != 0) {
      if (errno == ENOENT) return OutputPlace{OutputPlaceKind::Replace, current};  // a new file
      return Status::ioError("cannot write output file '" + path + "': " + std::strerror(errno));
    }
    if (S_ISLNK(st.st_mode)) {
      auto target = readLink(current);
      if (!target) return target.status();
      std::filesystem::path next(*target);
      if (next.is_relative()) next = std::filesystem::path(current).parent_path() / next;
      current = next.lexically_normal().string();
      // /proc's links name open files, pipes and terminals, not paths to
      // replace: what is there is written in place, whatever it is.
      if (throughProc(current)) {
        struct stat end;
        if (::stat(path.c_str(), &end) != 0)
          return Status::ioError("cannot write output file '" + path + "': " + std::strerror(errno));
        if (S_ISDIR(end.st_mode)) return notAFile(path);
        return OutputPlace{OutputPlaceKind::InPlace, path};
      }
      continue;
    }
    if (S_ISDIR(st.st_mode)) return notAFile(path);
    if (S_ISREG(st.st_mode))
      return OutputPlace{OutputPlaceKind::Replace, current, st.st_mode & 07777, st.st_uid, st.st_gid};
    return OutputPlace{OutputPlaceKind::InPlace, path};  // a FIFO, a device, a socket
  }
  return Status::ioError("cannot write output file '" + path + "': too many levels of symbolic links");
}

}  // namespace popper

// AtomicFile: temp file + rename, with every POSIX error turned into a Status.
#include "runtime/io/AtomicFile.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace popper {

namespace {
std::string errnoText() { return std::strerror(errno); }
std::atomic<uint64_t> tempCounter{0};
}  // namespace

Result<std::unique_ptr<AtomicFile>> AtomicFile::create(const std::string& path) {
  std::filesystem::path p(path);
  std::string name = p.filename().string();
  std::filesystem::path dir = p.parent_path();
  std::string temp = (dir / ("." + name + ".tmp." + std::to_string(::getpid()) + "." +
                             std::to_string(tempCounter.fetch_add(1))))
                         .string();
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::ioError("cannot create output file '" + path + "': " + errnoText());
  return std::unique_ptr<AtomicFile>(new AtomicFile(path, temp, fd));
}

AtomicFile::AtomicFile(std::string path, std::string tempPath, int fd)
    : path_(std::move(path)), tempPath_(std::move(tempPath)), fd_(fd) {}

AtomicFile::~AtomicFile() { abort(); }

Status AtomicFile::flush() {
  if (fd_ < 0) return Status::ioError("cannot write '" + path_ + "': file already closed");
  const char* p = buffer_.data();
  size_t left = buffer_.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      Status s = Status::ioError("cannot write '" + path_ + "': " + errnoText());
      abort();
      return s;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  buffer_.clear();
  return Status::ok();
}

Status AtomicFile::commit() {
  if (Status s = flush(); !s) return s;
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    Status s = Status::ioError("cannot write '" + path_ + "': " + errnoText());
    ::unlink(tempPath_.c_str());
    tempPath_.clear();
    return s;
  }
  if (::rename(tempPath_.c_str(), path_.c_str()) != 0) {
    Status s = Status::ioError("cannot create output file '" + path_ + "': " + errnoText());
    ::unlink(tempPath_.c_str());
    tempPath_.clear();
    return s;
  }
  tempPath_.clear();
  return Status::ok();
}

void AtomicFile::abort() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (!tempPath_.empty()) {
    ::unlink(tempPath_.c_str());
    tempPath_.clear();
  }
  buffer_.clear();
}

}  // namespace popper

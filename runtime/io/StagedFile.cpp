// StagedFile: a temporary file renamed at commit, or a file written in place,
// with every POSIX error turned into a Status naming the destination.
#include "runtime/io/StagedFile.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace popper {

Result<std::unique_ptr<StagedFile>> StagedFile::open(const std::string& path) {
  auto place = placeOutput(path);
  if (!place) return place.status();
  switch (place->kind) {
    case OutputPlaceKind::StandardOutput:
      return std::unique_ptr<StagedFile>(new StagedFile(path, *place, "", STDOUT_FILENO));
    case OutputPlaceKind::InPlace: {
      // O_TRUNC does nothing to a FIFO or a device; a regular file reached
      // through /proc (stdout redirected to a file) is rewritten, as `>` would.
      int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC);
      if (fd < 0) return Status::ioError("cannot open output file '" + path + "': " + std::strerror(errno));
      return std::unique_ptr<StagedFile>(new StagedFile(path, *place, "", fd));
    }
    case OutputPlaceKind::Replace:
      break;
  }
  std::string temp = tempfiles::tempPathFor(place->path);
  // Registered before it exists, so no signal can come between its creation
  // and its registration.
  tempfiles::Registration registration(temp);
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) return Status::ioError("cannot create output file '" + path + "': " + std::strerror(errno));
  // The replacement keeps the owner (where allowed: root, or a group of
  // ours) and the permissions of the file it replaces, set-id bits last
  // since a change of owner clears them.
  if (place->mode != static_cast<mode_t>(-1)) {
    (void)::fchown(fd, place->owner, place->group);
    (void)::fchmod(fd, place->mode);
  }
  std::unique_ptr<StagedFile> file(new StagedFile(path, *place, temp, fd));
  file->registration_ = std::move(registration);
  return file;
}

StagedFile::StagedFile(std::string path, OutputPlace place, std::string tempPath, int fd)
    : path_(std::move(path)), place_(std::move(place)), tempPath_(std::move(tempPath)), fd_(fd) {}

StagedFile::~StagedFile() { abort(); }

Status StagedFile::failed(const std::string& what) {
  Status s =
      Status::ioError("cannot " + what + " '" + outputDisplayName(path_) + "': " + std::strerror(errno));
  abort();
  failed_ = true;
  return s;
}

Status StagedFile::flush() {
  if (failed_ || fd_ < 0)
    return Status::ioError("cannot write '" + outputDisplayName(path_) + "': the file is closed");
  const char* p = buffer_.data();
  size_t left = buffer_.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      // Standard output may be a non-blocking pipe shared with the parent.
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        struct pollfd ready = {fd_, POLLOUT, 0};
        if (::poll(&ready, 1, -1) >= 0 || errno == EINTR) continue;
      }
      return failed("write");
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  buffer_.clear();
  return Status::ok();
}

Status StagedFile::prepare() {
  if (Status s = flush(); !s) return s;
  if (place_.kind != OutputPlaceKind::Replace) return Status::ok();
  // Durable before it is renamed: a crash after the commit never leaves an
  // empty or partial file under the destination's name.
  if (::fsync(fd_) != 0) return failed("write");
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) return failed("write");
  return Status::ok();
}

Status StagedFile::publish() {
  if (failed_) return Status::ioError("cannot write '" + outputDisplayName(path_) + "': it failed before");
  if (place_.kind != OutputPlaceKind::Replace) {
    closeFd();
    return Status::ok();
  }
  if (fd_ >= 0) {
    if (Status s = prepare(); !s) return s;
  }
  if (::rename(tempPath_.c_str(), place_.path.c_str()) != 0) return failed("replace");
  tempPath_.clear();
  registration_.release();
  return Status::ok();
}

void StagedFile::closeFd() {
  if (fd_ >= 0 && place_.kind != OutputPlaceKind::StandardOutput) ::close(fd_);
  fd_ = -1;
}

void StagedFile::abort() {
  closeFd();
  if (!tempPath_.empty()) {
    ::unlink(tempPath_.c_str());
    tempPath_.clear();
  }
  registration_.release();
  buffer_.clear();
}

}  // namespace popper

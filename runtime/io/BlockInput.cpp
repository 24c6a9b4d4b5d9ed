// BlockInput: POSIX reads into a sliding buffer.
#include "runtime/io/BlockInput.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/StandardStreams.h"

namespace popper {

Result<std::unique_ptr<BlockInput>> BlockInput::open(const std::string& path) {
  // Standard input is read where it is and left open.
  if (isStandardStream(path))
    return std::unique_ptr<BlockInput>(new BlockInput("standard input", STDIN_FILENO, false));
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::notFound("cannot open input file '" + path + "': " + std::strerror(errno));
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::ioError("cannot read input file '" + path + "': it is a directory");
  }
#ifdef POSIX_FADV_SEQUENTIAL
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  return std::unique_ptr<BlockInput>(new BlockInput(path, fd));
}

BlockInput::BlockInput(std::string path, int fd, bool ownsFd)
    : path_(std::move(path)), fd_(fd), ownsFd_(ownsFd) {
  buffer_.resize(kBlockSize);
}

BlockInput::~BlockInput() {
  if (fd_ >= 0 && ownsFd_) ::close(fd_);
}

Result<bool> BlockInput::refill() {
  if (eof_) return false;
  // Slide the unconsumed tail to the front; grow only when a record fills the buffer.
  size_t keep = size_ - pos_;
  if (pos_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + pos_, keep);
    pos_ = 0;
    size_ = keep;
  }
  if (size_ == buffer_.size()) {
    if (buffer_.size() >= kMaxRecord)
      return Status::ioError("cannot read '" + path_ + "': a record is longer than 64 MB");
    buffer_.resize(buffer_.size() * 2);
  }
  for (;;) {
    ssize_t n = ::read(fd_, buffer_.data() + size_, buffer_.size() - size_);
    if (n < 0) {
      if (errno == EINTR) continue;
      // Standard input may be a non-blocking pipe shared with the parent.
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        struct pollfd ready = {fd_, POLLIN, 0};
        if (::poll(&ready, 1, -1) >= 0 || errno == EINTR) continue;
      }
      return Status::ioError("cannot read '" + path_ + "': " + std::strerror(errno));
    }
    if (n == 0) {
      eof_ = true;
      return false;
    }
    size_ += static_cast<size_t>(n);
    if (firstRead_) {
      firstRead_ = false;
      // A UTF-8 byte-order mark is not data (it would glue itself to the first header name).
      if (size_ - pos_ >= 3 && std::memcmp(buffer_.data() + pos_, "\xEF\xBB\xBF", 3) == 0) pos_ += 3;
    }
    return true;
  }
}

Result<bool> BlockInput::nextLine(std::string_view& line) {
  for (;;) {
    const char* p = begin();
    const char* e = end();
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(e - p)));
    if (nl || (eof_ && p != e)) {
      const char* lineEnd = nl ? nl : e;
      consume(nl ? nl + 1 : e);
      if (lineEnd > p && lineEnd[-1] == '\r') --lineEnd;
      line = std::string_view(p, static_cast<size_t>(lineEnd - p));
      return true;
    }
    if (eof_) return false;
    Result<bool> more = refill();
    if (!more) return more.status();
  }
}

}  // namespace popper

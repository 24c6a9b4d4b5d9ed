// Copying standard input to a temporary file (see StdinCopy.h).
#include "runtime/io/StdinCopy.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

namespace popper {

Result<std::unique_ptr<StdinCopy>> StdinCopy::make() {
  std::error_code ec;
  std::filesystem::path folder = std::filesystem::temp_directory_path(ec);
  if (ec) folder = "/tmp";
  std::unique_ptr<StdinCopy> copy(new StdinCopy(tempfiles::tempPathFor((folder / "stdin").string())));
  auto fail = [&](const std::string& what) {
    return Status::ioError("cannot " + what + ": " + std::strerror(errno));
  };
  int out = ::open(copy->path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (out < 0) return fail("copy standard input to '" + copy->path_ + "'");
  std::vector<char> buf(1 << 20);
  for (;;) {
    ssize_t n = ::read(STDIN_FILENO, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Status s = fail("read standard input");
      ::close(out);
      return s;
    }
    if (n == 0) break;
    for (ssize_t done = 0; done < n;) {
      ssize_t w = ::write(out, buf.data() + done, static_cast<size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        Status s = fail("copy standard input to '" + copy->path_ + "'");
        ::close(out);
        return s;
      }
      done += w;
    }
  }
  if (::close(out) != 0) return fail("copy standard input to '" + copy->path_ + "'");
  return copy;
}

StdinCopy::StdinCopy(std::string path) : path_(std::move(path)), registration_(path_) {}

StdinCopy::~StdinCopy() {
  ::unlink(path_.c_str());
  registration_.release();
}

}  // namespace popper

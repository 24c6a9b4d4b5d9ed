// Copying an input that can be read once to a temporary file (see InputCopy.h).
#include "runtime/io/InputCopy.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "common/StandardStreams.h"

namespace popper {
namespace {

// Writes all of [data, data + n) to `fd`; false (errno set) on failure.
bool writeAll(int fd, const char* data, size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, data, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return false;
    data += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

}  // namespace

bool InputCopy::readsOnce(const std::string& path) {
  if (isStandardStream(path)) return true;
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

Result<std::unique_ptr<InputCopy>> InputCopy::make(const std::string& path) {
  std::string name = isStandardStream(path) ? "standard input" : path;
  int in = STDIN_FILENO;
  if (!isStandardStream(path)) {
    in = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) return Status::notFound("cannot open input file '" + path + "': " + std::strerror(errno));
  }
  auto closeInput = [&] {
    if (in != STDIN_FILENO) ::close(in);
  };
  std::error_code ec;
  std::filesystem::path folder = std::filesystem::temp_directory_path(ec);
  if (ec) folder = "/tmp";
  tempfiles::removeStaleTemps(folder.string());  // the copies of killed runs
  std::unique_ptr<InputCopy> copy(new InputCopy(tempfiles::tempPathFor((folder / "input").string())));
  int out = ::open(copy->path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  auto fail = [&](const std::string& what) {
    Status s = Status::ioError("cannot " + what + ": " + std::strerror(errno));
    closeInput();
    if (out >= 0) ::close(out);
    return s;
  };
  if (out < 0) return fail("copy " + name + " to '" + copy->path_ + "'");
  std::vector<char> buf(1 << 20);
  for (;;) {
    ssize_t n = ::read(in, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail("read " + name);
    if (n == 0) break;
    if (!writeAll(out, buf.data(), static_cast<size_t>(n)))
      return fail("copy " + name + " to '" + copy->path_ + "'");
  }
  closeInput();
  int fd = out;
  out = -1;
  if (::close(fd) != 0) return fail("copy " + name + " to '" + copy->path_ + "'");
  return copy;
}

InputCopy::InputCopy(std::string path) : path_(std::move(path)), registration_(path_) {}

InputCopy::~InputCopy() {
  ::unlink(path_.c_str());
  registration_.release();
}

}  // namespace popper

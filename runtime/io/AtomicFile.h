// AtomicFile: buffered output to a temporary file beside the destination,
// renamed onto it by commit(). Until then the destination is untouched; if the
// file is destroyed without commit (or a write fails) the temporary file is
// removed. No fsync: the guarantee is "never a partial file after a failed
// run", not durability across power loss.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/Status.h"
#include "runtime/io/OutputBuffer.h"

namespace popper {

class AtomicFile {
 public:
  static constexpr size_t kFlushBytes = 1 << 20;

  // Creates the temporary file; an unwritable or missing folder is an IoError.
  static Result<std::unique_ptr<AtomicFile>> create(const std::string& path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  // Callers append to buffer() and call maybeFlush() after each row.
  OutputBuffer& buffer() { return buffer_; }
  Status maybeFlush() { return buffer_.size() >= kFlushBytes ? flush() : Status::ok(); }
  Status flush();
  Status commit();
  void abort();

  const std::string& path() const { return path_; }
  const std::string& tempPath() const { return tempPath_; }

 private:
  AtomicFile(std::string path, std::string tempPath, int fd);

  std::string path_;
  std::string tempPath_;
  int fd_ = -1;
  OutputBuffer buffer_{kFlushBytes + size_t{64} * 1024};
};

}  // namespace popper

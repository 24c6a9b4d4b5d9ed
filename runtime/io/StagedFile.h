// StagedFile: one file a run writes, buffered, placed as OutputPlace decides.
// A regular file is staged in a temporary file beside it (registered for
// removal on a signal, TempFiles.h): prepare() flushes, fsyncs and closes
// it, publish() renames it onto the file. Standard output, a FIFO or a device
// is written in place as the buffer fills, and prepare() writes the rest.
// Until publish() a replaced file is untouched; abort() (and the destructor
// if not published) removes the temporary file. Every error names the file
// as it was given (the destination, never the temporary file). A run's files
// are staged and committed together by a FileTransaction.
#pragma once

#include <memory>
#include <string>

#include "common/Status.h"
#include "runtime/io/OutputBuffer.h"
#include "runtime/io/OutputPlace.h"
#include "runtime/io/TempFiles.h"

namespace popper {

class StagedFile {
 public:
  static constexpr size_t kFlushBytes = 1 << 20;

  // Creates the temporary file or opens the file in place: a missing or
  // unwritable folder, or a folder at the path, is an IoError.
  static Result<std::unique_ptr<StagedFile>> open(const std::string& path);
  ~StagedFile();
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;

  // Callers append to buffer() and call maybeFlush() after each row.
  OutputBuffer& buffer() { return buffer_; }
  Status maybeFlush() { return buffer_.size() >= kFlushBytes ? flush() : Status::ok(); }
  Status flush();
  // Writes the rest; a temporary file is fsynced and closed.
  Status prepare();
  // Renames the temporary file onto its target (nothing to do in place).
  Status publish();
  void abort();

  const std::string& path() const { return path_; }
  bool inPlace() const { return place_.kind != OutputPlaceKind::Replace; }
  // Replace: the temporary file ("" once published or aborted).
  const std::string& tempPath() const { return tempPath_; }
  // Replace: the regular file replaced (the path with its links resolved).
  const std::string& target() const { return place_.path; }

 private:
  StagedFile(std::string path, OutputPlace place, std::string tempPath, int fd);
  Status failed(const std::string& what);
  void closeFd();

  std::string path_;
  OutputPlace place_;
  std::string tempPath_;
  tempfiles::Registration registration_;
  int fd_ = -1;
  bool failed_ = false;
  OutputBuffer buffer_{kFlushBytes + size_t{64} * 1024};
};

}  // namespace popper

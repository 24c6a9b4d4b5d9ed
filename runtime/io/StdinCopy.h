// StdinCopy: standard input read to its end into a temporary file, for a run
// that must read its input twice (`popper run --verify` re-reads every
// extractor's input to recompute it; a pipe can be read once). The file is
// registered for removal on a signal (TempFiles.h) and removed with the copy.
#pragma once

#include <memory>
#include <string>

#include "common/Status.h"
#include "runtime/io/TempFiles.h"

namespace popper {

class StdinCopy {
 public:
  // Copies standard input into a file of the temporary folder ($TMPDIR).
  static Result<std::unique_ptr<StdinCopy>> make();
  ~StdinCopy();
  StdinCopy(const StdinCopy&) = delete;
  StdinCopy& operator=(const StdinCopy&) = delete;

  const std::string& path() const { return path_; }

 private:
  explicit StdinCopy(std::string path);

  std::string path_;
  tempfiles::Registration registration_;
};

}  // namespace popper

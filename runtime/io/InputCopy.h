// InputCopy: an input that can be read only once (standard input, a FIFO, a
// pipe such as bash's `<(cmd)`, a device) read to its end into a temporary
// file, for a run that must read its inputs twice (`popper run --verify`
// re-reads every extractor's input to recompute it). The file is registered
// for removal on a signal (TempFiles.h) and removed with the copy; making a
// copy removes those that killed runs left in the temporary folder.
#pragma once

#include <memory>
#include <string>

#include "common/Status.h"
#include "runtime/io/TempFiles.h"

namespace popper {

class InputCopy {
 public:
  // Whether `path` ("-": standard input) can be read only once: it is not a
  // regular file. A path that does not exist is not (opening it fails later).
  static bool readsOnce(const std::string& path);
  // Copies `path` ("-": standard input) into a file of the temporary folder ($TMPDIR).
  static Result<std::unique_ptr<InputCopy>> make(const std::string& path);
  ~InputCopy();
  InputCopy(const InputCopy&) = delete;
  InputCopy& operator=(const InputCopy&) = delete;

  const std::string& path() const { return path_; }

 private:
  explicit InputCopy(std::string path);

  std::string path_;
  tempfiles::Registration registration_;
};

}  // namespace popper

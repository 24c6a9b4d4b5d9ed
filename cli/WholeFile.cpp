#include "cli/WholeFile.h"

#include "runtime/io/FileTransaction.h"

namespace popper::cli {

Status writeWholeFile(const std::string& path, std::string_view text) {
  FileTransaction files;
  auto file = files.stage(path);
  if (!file) return file.status();
  (*file)->buffer().append(text);
  if (Status st = (*file)->flush(); !st.isOk()) return st;
  return files.commit();
}

}  // namespace popper::cli

// Staging a run's files and committing them together (see FileTransaction.h).
#include "runtime/io/FileTransaction.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "runtime/io/TempFiles.h"

namespace popper {
namespace {

std::string folderOf(const std::string& path) {
  std::string folder = std::filesystem::path(path).parent_path().string();
  return folder.empty() ? "." : folder;
}

// Makes the renames in `folder` durable (best effort: some file systems
// cannot fsync a folder).
void syncFolder(const std::string& folder) {
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

}  // namespace

Result<StagedFile*> FileTransaction::stage(const std::string& path) {
  if (committed_) return Status::internal("staging '" + path + "' after the run's files were committed");
  auto file = StagedFile::open(path);
  if (!file) return file.status();
  if (!(*file)->inPlace()) {
    std::string folder = folderOf((*file)->target());
    if (sweptFolders_.insert(folder).second) tempfiles::removeStaleTemps(folder);
  }
  files_.push_back(std::move(file.value()));
  return files_.back().get();
}

void FileTransaction::removeOnCommit(const std::string& path) { removals_.push_back(path); }

Status FileTransaction::commit() {
  if (committed_) return Status::internal("the run's files were committed twice");
  for (const auto& f : files_) {
    if (Status s = f->prepare(); !s) {
      abort();
      return s;
    }
  }
  // Every file is complete on disk: only renames are left, one after
  // another, with terminating signals held back until they are all done.
  std::set<std::string> folders;
  {
    tempfiles::DeferSignals allOrNothing;
    for (const auto& f : files_) {
      if (!f->inPlace()) folders.insert(folderOf(f->target()));
      if (Status s = f->publish(); !s) {
        abort();
        return s;
      }
    }
    for (const std::string& path : removals_) {
      struct stat st;
      if (::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::unlink(path.c_str()) == 0)
        folders.insert(folderOf(path));
    }
  }
  for (const std::string& folder : folders) syncFolder(folder);
  committed_ = true;
  return Status::ok();
}

void FileTransaction::abort() {
  for (const auto& f : files_) f->abort();
}

}  // namespace popper

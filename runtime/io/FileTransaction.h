// FileTransaction: every file a run writes (its outputs, its rejects file)
// is committed together, or none is (docs/language.md, "Outputs").
// Files are staged as the run goes (StagedFile: a temporary file beside the
// destination, or written in place for standard output, FIFOs and devices).
// commit() first prepares every file (the rest written, temporary files
// fsynced and closed: a full disk fails here, naming the file), and only when
// all are ready renames them onto their destinations one after another,
// removes the files given to removeOnCommit() and fsyncs the folders (a
// SIGINT or SIGTERM meanwhile waits until the renames are done). Until
// then every destination keeps its previous version; abort(), and the
// destructor of a transaction not committed, remove every temporary file.
// Staging into a folder first removes the temporary files a killed run left
// there (TempFiles.h). Files are staged from one thread at a time.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/Status.h"
#include "runtime/io/StagedFile.h"

namespace popper {

class FileTransaction {
 public:
  FileTransaction() = default;
  ~FileTransaction() { abort(); }
  FileTransaction(const FileTransaction&) = delete;
  FileTransaction& operator=(const FileTransaction&) = delete;

  // The staged file for `path`; it lives as long as the transaction.
  Result<StagedFile*> stage(const std::string& path);
  // At commit, removes `path` if it is a regular file (not a link, not a
  // device): a file of the previous run that this one does not write.
  void removeOnCommit(const std::string& path);
  Status commit();
  void abort();
  bool committed() const { return committed_; }

 private:
  std::vector<std::unique_ptr<StagedFile>> files_;
  std::vector<std::string> removals_;
  std::set<std::string> sweptFolders_;
  bool committed_ = false;
};

}  // namespace popper

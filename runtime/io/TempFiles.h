// TempFiles: the temporary files of the process, so that none outlives the
// run that made it (docs/language.md, "Outputs").
//  - A temporary file lives beside its target and is named after it and the
//    process: `.NAME.popper-tmp-PID-N`.
//  - While it exists it is registered here. removeTempsOnSignals() installs
//    handlers for SIGINT, SIGTERM, SIGHUP and SIGQUIT that unlink every
//    registered file (async-signal-safe: unlink over a fixed table, no
//    allocation, no lock) and re-raise the signal with its default action, so
//    the process still dies of it. A signal the process ignores stays ignored.
//  - A kill -9 leaves its files behind: removeStaleTemps(folder) removes the
//    ones whose process is gone, and FileTransaction calls it for every
//    folder it stages a file in, so the next run into that folder cleans up.
#pragma once

#include <string>

namespace popper::tempfiles {

// The temporary file for `target` (a path to a regular file), in the same
// folder, unique within the process.
std::string tempPathFor(const std::string& target);

// The PID in a name made by tempPathFor, or 0 when `name` (a file name
// without folder) is not one.
long pidOfTempName(const std::string& name);

// Keeps `path` registered for removal on a signal while it lives.
class Registration {
 public:
  Registration() = default;
  explicit Registration(const std::string& path);
  ~Registration() { release(); }
  Registration(const Registration&) = delete;
  Registration& operator=(const Registration&) = delete;
  Registration(Registration&& other) noexcept : slot_(other.slot_) { other.slot_ = -1; }
  Registration& operator=(Registration&& other) noexcept;
  // Forgets the path (it was renamed or removed).
  void release();

 private:
  int slot_ = -1;
};

// Installs the signal handlers (once per process; later calls do nothing).
void removeTempsOnSignals();

// While one lives, the handlers hold a terminating signal back instead of
// acting on it; its destructor then acts on it (the process dies of it).
// FileTransaction renames a run's files under one, so a Ctrl-C leaves the
// old versions or the new ones, never a mix.
class DeferSignals {
 public:
  DeferSignals();
  ~DeferSignals();
  DeferSignals(const DeferSignals&) = delete;
  DeferSignals& operator=(const DeferSignals&) = delete;
};

// Removes the temporary files in `folder` left by processes that no longer
// exist (regular files only); returns how many it removed.
size_t removeStaleTemps(const std::string& folder);

}  // namespace popper::tempfiles

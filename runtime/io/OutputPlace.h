// OutputPlace: how a file a run writes reaches its path, decided from what is
// at the path when the run starts (docs/language.md, "Outputs"):
//  - "-": standard output, written as the run goes;
//  - a path that exists and is not a regular file once its links are
//    followed (a FIFO, a character device such as /dev/null), or whose links
//    lead through /proc (/dev/stdout, /dev/fd/N): written in place, as the
//    run goes, never replaced;
//  - otherwise the regular file at the end of its links, or a new file at
//    the path: replaced when the run commits, by renaming a temporary file
//    beside it onto it, so a link to it stays a link; the replacement keeps
//    the file's permissions and (where allowed) its owner.
// A folder is an error.
#pragma once

#include <sys/types.h>

#include <string>

#include "common/Status.h"

namespace popper {

enum class OutputPlaceKind { StandardOutput, InPlace, Replace };

struct OutputPlace {
  OutputPlaceKind kind = OutputPlaceKind::Replace;
  // InPlace: the path to open; Replace: the regular file to replace (links
  // resolved), which may not exist yet.
  std::string path;
  // Replace: the permission bits and owner of the file replaced, kept by
  // its replacement (the owner where allowed); mode -1 for a new file.
  mode_t mode = static_cast<mode_t>(-1);
  uid_t owner = static_cast<uid_t>(-1);
  gid_t group = static_cast<gid_t>(-1);
};

Result<OutputPlace> placeOutput(const std::string& path);

// How a path is named in messages: "-" is "standard output".
std::string outputDisplayName(const std::string& path);

}  // namespace popper

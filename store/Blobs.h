// Content-addressed blobs of the run store: a file's bytes under their
// SHA-256, stored once however many runs refer to them, in chunks of 1 MiB
// rows so neither writing nor reading holds a whole file in memory.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "store/Sqlite.h"

namespace popper::store {

inline constexpr size_t kBlobChunkBytes = 1 << 20;

// Stores the file at `path` (already hashed: `sha256`, `size`) unless the
// store holds that content already. Call inside a write transaction. The file
// is hashed again while it is copied: one that changed meanwhile is an error.
Status putFileBlob(Database& db, const std::string& path, const std::string& sha256, uint64_t size);

// Calls `chunk` with the blob's bytes in order; an unknown blob is an error.
Status readBlob(Database& db, const std::string& sha256, const std::function<Status(std::string_view)>& chunk);

// Calls `line` with each line of the blob (without its "\n"; a last line
// without one too).
Status readBlobLines(Database& db, const std::string& sha256,
                     const std::function<Status(std::string_view)>& line);

}  // namespace popper::store

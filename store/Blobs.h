// Content-addressed blobs of the run store: a file's bytes under their
// SHA-256, stored once however many runs refer to them, in chunks of 1 MiB
// rows so neither writing nor reading holds a whole file in memory.
#pragma once

#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

#include "store/Sqlite.h"

namespace popper::store {

inline constexpr size_t kBlobChunkBytes = 1 << 20;

// Stores the content of the open file `f` (named `path`, already hashed from
// its start: `sha256`, `size`) unless the store holds it already; copies from
// the same open file, so a run that replaces the file meanwhile (a rename)
// does not change what is stored. Call inside a write transaction.
Status putFileBlob(Database& db, std::FILE* f, const std::string& path, const std::string& sha256,
                   uint64_t size);

// Calls `chunk` with the blob's bytes in order; an unknown blob is an error.
Status readBlob(Database& db, const std::string& sha256,
                const std::function<Status(std::string_view)>& chunk);

// Calls `line` with each line of the blob (without its "\n"; a last line
// without one too).
Status readBlobLines(Database& db, const std::string& sha256,
                     const std::function<Status(std::string_view)>& line);

}  // namespace popper::store

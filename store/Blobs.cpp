#include "store/Blobs.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace popper::store {

Status putFileBlob(Database& db, std::FILE* f, const std::string& path, const std::string& sha256,
                   uint64_t size) {
  auto insert = db.prepare("INSERT INTO blobs(sha256, size) VALUES(?, ?) ON CONFLICT DO NOTHING");
  if (!insert) return insert.status();
  insert->bind(1, sha256).bind(2, static_cast<int64_t>(size));
  if (Status st = insert->run(); !st) return st;
  if (db.changes() == 0) return Status::ok();  // stored already
  if (std::fseek(f, 0, SEEK_SET) != 0)
    return Status::ioError(fmt::format("cannot read '{}': {}", path, std::strerror(errno)));
  auto chunk = db.prepare("INSERT INTO blob_chunks(sha256, seq, data) VALUES(?, ?, ?)");
  if (!chunk) return chunk.status();
  std::vector<char> buffer(kBlobChunkBytes);
  uint64_t copied = 0;
  int64_t seq = 0;
  size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), f)) > 0) {
    copied += n;
    chunk->bind(1, sha256).bind(2, seq++).bindBlob(3, std::string_view(buffer.data(), n));
    if (Status st = chunk->run(); !st) return st;
  }
  if (std::ferror(f)) return Status::ioError(fmt::format("cannot read '{}'", path));
  if (copied != size) return Status::ioError(fmt::format("'{}' changed while it was recorded", path));
  return Status::ok();
}

Status readBlob(Database& db, const std::string& sha256,
                const std::function<Status(std::string_view)>& chunk) {
  auto known = db.prepare("SELECT size FROM blobs WHERE sha256 = ?");
  if (!known) return known.status();
  known->bind(1, sha256);
  auto row = known->step();
  if (!row) return row.status();
  if (!*row) return Status::notFound(fmt::format("{}: no stored file {}", db.path(), sha256));
  auto chunks = db.prepare("SELECT data FROM blob_chunks WHERE sha256 = ? ORDER BY seq");
  if (!chunks) return chunks.status();
  chunks->bind(1, sha256);
  while (true) {
    auto more = chunks->step();
    if (!more) return more.status();
    if (!*more) return Status::ok();
    if (Status st = chunk(chunks->blob(0)); !st) return st;
  }
}

Status readBlobLines(Database& db, const std::string& sha256,
                     const std::function<Status(std::string_view)>& line) {
  std::string carry;
  Status st = readBlob(db, sha256, [&](std::string_view bytes) -> Status {
    size_t start = 0;
    while (true) {
      size_t nl = bytes.find('\n', start);
      if (nl == std::string_view::npos) break;
      std::string_view piece = bytes.substr(start, nl - start);
      if (!carry.empty()) {
        carry.append(piece);
        if (Status s = line(carry); !s) return s;
        carry.clear();
      } else if (Status s = line(piece); !s) {
        return s;
      }
      start = nl + 1;
    }
    carry.append(bytes.substr(start));
    return Status::ok();
  });
  if (!st) return st;
  if (!carry.empty()) return line(carry);
  return Status::ok();
}

}  // namespace popper::store

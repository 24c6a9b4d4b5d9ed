// StringArena: bump allocator for the string values of a batch. Strings in
// columns are std::string_view into an arena; the arena lives as long as any
// batch that shares it (Batch keeps shared_ptrs), so moving a string column
// between batches never copies bytes.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace popper {

class StringArena {
 public:
  static constexpr size_t kBlockSize = size_t{64} * 1024;

  StringArena() = default;
  StringArena(const StringArena&) = delete;
  StringArena& operator=(const StringArena&) = delete;

  // Uninitialised space for `n` bytes, valid until reset().
  char* allocate(size_t n) {
    if (n > static_cast<size_t>(end_ - cursor_)) grow(n);
    char* p = cursor_;
    cursor_ += n;
    return p;
  }
  // A copy of `s` owned by the arena.
  std::string_view store(std::string_view s) {
    if (s.empty()) return {};
    char* p = allocate(s.size());
    std::memcpy(p, s.data(), s.size());
    return {p, s.size()};
  }
  // Gives back the unused tail of the last allocate(): allocate(max), write,
  // then shrinkLast(max - used).
  void shrinkLast(size_t unused) { cursor_ -= unused; }

  // Bytes held in blocks (what the arena costs in memory).
  size_t bytesReserved() const { return reserved_; }
  // Drops every string; keeps the first block for reuse.
  void reset();

 private:
  void grow(size_t atLeast);

  std::vector<std::unique_ptr<char[]>> blocks_;
  char* cursor_ = nullptr;
  char* end_ = nullptr;
  size_t reserved_ = 0;
  size_t firstBlockSize_ = 0;
};

using StringArenaPtr = std::shared_ptr<StringArena>;

}  // namespace popper

// StringArena block management (the hot path is inline in the header).
#include "runtime/data/StringArena.h"

#include <algorithm>

namespace popper {

void StringArena::grow(size_t atLeast) {
  // Big strings get a block of their own so the current block's tail is not wasted.
  size_t size = std::max(atLeast, kBlockSize);
  blocks_.push_back(std::make_unique_for_overwrite<char[]>(size));  // no zero fill
  if (blocks_.size() == 1) firstBlockSize_ = size;
  reserved_ += size;
  cursor_ = blocks_.back().get();
  end_ = cursor_ + size;
}

void StringArena::reset() {
  if (blocks_.empty()) return;
  blocks_.resize(1);
  reserved_ = firstBlockSize_;
  cursor_ = blocks_.front().get();
  end_ = cursor_ + firstBlockSize_;
}

}  // namespace popper

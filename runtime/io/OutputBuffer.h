// OutputBuffer: a growable byte buffer that writers fill through raw
// pointers (reserve, write, advance), avoiding std::string's zero-filling
// resize and per-append checks in the per-cell hot path.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>

namespace popper {

class OutputBuffer {
 public:
  explicit OutputBuffer(size_t capacity = 1 << 16) : data_(new char[capacity]), capacity_(capacity) {}

  // Room for n more bytes at the returned pointer; then advance(used).
  char* reserve(size_t n) {
    if (capacity_ - size_ < n) grow(n);
    return data_.get() + size_;
  }
  void advance(size_t n) { size_ += n; }
  void append(std::string_view s) {
    if (s.empty()) return;  // an empty view may have a null data()
    std::memcpy(reserve(s.size()), s.data(), s.size());
    size_ += s.size();
  }
  void push_back(char c) {
    *reserve(1) = c;
    ++size_;
  }

  const char* data() const { return data_.get(); }
  size_t size() const { return size_; }
  std::string_view view() const { return {data_.get(), size_}; }
  void clear() { size_ = 0; }

 private:
  void grow(size_t n) {
    size_t capacity = capacity_ * 2;
    while (capacity - size_ < n) capacity *= 2;
    std::unique_ptr<char[]> bigger(new char[capacity]);
    std::memcpy(bigger.get(), data_.get(), size_);
    data_ = std::move(bigger);
    capacity_ = capacity;
  }

  std::unique_ptr<char[]> data_;
  size_t capacity_;
  size_t size_ = 0;
};

}  // namespace popper

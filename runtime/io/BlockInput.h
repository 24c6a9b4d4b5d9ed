// BlockInput: reads a file in large blocks into one reusable buffer, so
// readers scan bytes in place (memchr) with bounded memory. The bytes not yet
// consumed are kept across refills: a reader that finds an incomplete record
// at the end of the buffer asks for more and rescans that record. A UTF-8
// byte-order mark at the start of the file is skipped. The path "-" reads
// standard input (in messages, "standard input").
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/Status.h"

namespace popper {

class BlockInput {
 public:
  static constexpr size_t kBlockSize = 1 << 20;
  // A record larger than this is an error (keeps memory bounded on a runaway quote).
  static constexpr size_t kMaxRecord = 64 << 20;

  static Result<std::unique_ptr<BlockInput>> open(const std::string& path);
  ~BlockInput();
  BlockInput(const BlockInput&) = delete;
  BlockInput& operator=(const BlockInput&) = delete;

  const char* begin() const { return buffer_.data() + pos_; }
  const char* end() const { return buffer_.data() + size_; }
  bool eof() const { return eof_; }
  // Marks bytes up to `p` (within [begin, end]) as consumed.
  void consume(const char* p) { pos_ = static_cast<size_t>(p - buffer_.data()); }
  // Reads more bytes after end(), keeping [begin, end). Returns false when the
  // file is exhausted (nothing was added).
  Result<bool> refill();
  const std::string& path() const { return path_; }

  // The next line without its "\n" or "\r\n", consumed; valid until the next
  // call. Returns false at the end of the file.
  Result<bool> nextLine(std::string_view& line);

 private:
  BlockInput(std::string path, int fd, bool ownsFd = true);

  std::string path_;
  int fd_ = -1;
  bool ownsFd_ = true;  // false for standard input, left open
  std::vector<char> buffer_;
  size_t pos_ = 0;
  size_t size_ = 0;
  bool eof_ = false;
  bool firstRead_ = true;
};

}  // namespace popper

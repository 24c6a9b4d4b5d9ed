// The benchmark's baseline: the filter + project + computed-column job written
// by hand as one single-threaded loop, the speed a generic engine is measured
// against. Reads `id,seg,speed,lanes,note` CSV (no quoting: the generator never
// needs it), keeps rows with speed > 50 and lanes >= 2, and writes
// `id,seg,kmh` with kmh = speed * 3.6 in Popper's float format (shortest
// round-trip digits, always with a '.' or an exponent).
//
// Usage: hand_loop INPUT.csv OUTPUT.csv
#include <fast_float/fast_float.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr size_t kChunk = 1 << 22;

class OutputBuffer {
 public:
  explicit OutputBuffer(FILE* f) : file_(f) { buffer_.reserve(kChunk + 4096); }
  ~OutputBuffer() { flush(); }
  void append(const char* p, size_t n) {
    buffer_.append(p, n);
    if (buffer_.size() >= kChunk) flush();
  }
  void flush() {
    if (!buffer_.empty()) std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
    buffer_.clear();
  }

 private:
  FILE* file_;
  std::string buffer_;
};

// Appends `value` like Python's repr for the magnitudes this job produces.
void appendFloat(OutputBuffer& out, double value) {
  char digits[64];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  size_t n = static_cast<size_t>(end - digits);
  if (!std::memchr(digits, '.', n) && !std::memchr(digits, 'e', n)) {
    digits[n++] = '.';
    digits[n++] = '0';
  }
  out.append(digits, n);
}

// Processes the complete lines in [begin, end); returns where the unfinished tail starts.
const char* processLines(const char* begin, const char* end, OutputBuffer& out) {
  const char* p = begin;
  while (true) {
    const char* newline = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    if (!newline) return p;
    const char* idEnd = static_cast<const char*>(std::memchr(p, ',', static_cast<size_t>(newline - p)));
    const char* segEnd =
        static_cast<const char*>(std::memchr(idEnd + 1, ',', static_cast<size_t>(newline - idEnd - 1)));
    double speed = 0;
    auto parsed = fast_float::from_chars(segEnd + 1, newline, speed);
    long lanes = 0;
    std::from_chars(parsed.ptr + 1, newline, lanes);
    if (speed > 50 && lanes >= 2) {
      out.append(p, static_cast<size_t>(segEnd - p));  // "id,seg"
      out.append(",", 1);
      appendFloat(out, speed * 3.6);
      out.append("\n", 1);
    }
    p = newline + 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: hand_loop INPUT.csv OUTPUT.csv\n");
    return 2;
  }
  FILE* in = std::fopen(argv[1], "rb");
  FILE* outFile = std::fopen(argv[2], "wb");
  if (!in || !outFile) {
    std::fprintf(stderr, "hand_loop: cannot open %s\n", in ? argv[2] : argv[1]);
    return 3;
  }
  std::vector<char> buffer(kChunk + 1);
  size_t carried = 0;
  bool header = true;
  {
    OutputBuffer out(outFile);
    out.append("id,seg,kmh\n", 11);
    while (true) {
      size_t got = std::fread(buffer.data() + carried, 1, kChunk - carried, in);
      size_t filled = carried + got;
      const char* begin = buffer.data();
      const char* end = begin + filled;
      if (got == 0) {
        if (filled > 0) {  // a last line without its newline
          buffer[filled] = '\n';
          processLines(begin, end + 1, out);
        }
        break;
      }
      if (header) {
        const char* newline = static_cast<const char*>(std::memchr(begin, '\n', filled));
        if (!newline) {  // the header is longer than what was read so far
          carried = filled;
          continue;
        }
        begin = newline + 1;
        header = false;
      }
      const char* tail = processLines(begin, end, out);
      carried = static_cast<size_t>(end - tail);
      std::memmove(buffer.data(), tail, carried);
    }
  }
  std::fclose(in);
  return std::fclose(outFile) == 0 ? 0 : 3;
}

// The JIT benchmark's baseline (tests/bench/jit_bench.sh): the whole
// expression-heavy workflow written by hand as one single-threaded loop.
// Reads `id,seg,speed,lanes,note` CSV (unquoted, as the generator writes it),
// keeps rows with speed > 10 AND lanes >= 2 AND id % 3 != 1 AND
// (contains(note, "traffic") OR starts_with(note, "c")), computes the five
// columns of the workflow's SELECT, groups by seg and writes
// `seg,n,s,k,f,p,sp` rows (no header, as the workflow's Csv()) ordered by seg, floats in Popper's format
// (shortest round-trip digits, always with a '.' or an exponent).
//
// Usage: jit_hand_loop INPUT.csv OUTPUT.csv
#include <fast_float/fast_float.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr size_t kChunk = 1 << 22;

struct Group {
  int64_t n = 0, score = 0, fast = 0, spread = 0;
  double kmh = 0, perLane = -INFINITY;
};

std::string floatText(double value) {
  char digits[64];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  std::string s(digits, end);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

// Processes the complete lines in [begin, end); returns where the unfinished tail starts.
const char* processLines(const char* begin, const char* end,
                         std::map<std::string, Group, std::less<>>& groups) {
  const char* p = begin;
  while (true) {
    const char* newline = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    if (!newline) return p;
    int64_t id = 0;
    auto idEnd = std::from_chars(p, newline, id).ptr;
    const char* segEnd =
        static_cast<const char*>(std::memchr(idEnd + 1, ',', static_cast<size_t>(newline - idEnd - 1)));
    std::string_view seg(idEnd + 1, static_cast<size_t>(segEnd - idEnd - 1));
    double speed = 0;
    auto parsed = fast_float::from_chars(segEnd + 1, newline, speed);
    int64_t lanes = 0;
    auto lanesEnd = std::from_chars(parsed.ptr + 1, newline, lanes).ptr;
    std::string_view note(lanesEnd + 1, static_cast<size_t>(newline - lanesEnd - 1));
    p = newline + 1;
    if (!(speed > 10.0 && lanes >= 2 && id % 3 != 1 &&
          (note.find("traffic") != std::string_view::npos || note.starts_with("c"))))
      continue;
    int64_t a, b, c, score, spread;
    if (__builtin_mul_overflow(lanes, int64_t{2}, &a) | __builtin_add_overflow(a, id % 7, &b) |
        __builtin_mul_overflow(b, int64_t{3}, &c) | __builtin_sub_overflow(c, lanes, &score) |
        __builtin_mul_overflow(std::abs(id % 1000 - 500), lanes, &spread))
      continue;  // a row error in the workflow: rejected
    auto it = groups.find(seg);
    if (it == groups.end()) it = groups.emplace(std::string(seg), Group{}).first;
    Group& g = it->second;
    ++g.n;
    g.score += score;
    g.kmh += speed * 1.609;
    g.fast += speed > 100.0 ? 1 : 0;
    g.perLane = std::max(g.perLane, std::round(speed / static_cast<double>(lanes) * 10.0) / 10.0);
    g.spread += spread;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: jit_hand_loop INPUT.csv OUTPUT.csv\n");
    return 2;
  }
  FILE* in = std::fopen(argv[1], "rb");
  FILE* out = std::fopen(argv[2], "wb");
  if (!in || !out) {
    std::fprintf(stderr, "jit_hand_loop: cannot open %s\n", in ? argv[2] : argv[1]);
    return 3;
  }
  std::map<std::string, Group, std::less<>> groups;
  std::vector<char> buffer(kChunk + 1);
  size_t carried = 0;
  bool header = true;
  while (true) {
    size_t got = std::fread(buffer.data() + carried, 1, kChunk - carried, in);
    size_t filled = carried + got;
    const char* begin = buffer.data();
    const char* end = begin + filled;
    if (got == 0) {
      if (filled > 0) {  // a last line without its newline
        buffer[filled] = '\n';
        processLines(begin, end + 1, groups);
      }
      break;
    }
    if (header) {
      const char* newline = static_cast<const char*>(std::memchr(begin, '\n', filled));
      if (!newline) {
        carried = filled;
        continue;
      }
      begin = newline + 1;
      header = false;
    }
    const char* tail = processLines(begin, end, groups);
    carried = static_cast<size_t>(end - tail);
    std::memmove(buffer.data(), tail, carried);
  }
  for (const auto& [seg, g] : groups)
    std::fprintf(out, "%s,%lld,%lld,%s,%lld,%s,%lld\n", seg.c_str(), static_cast<long long>(g.n),
                 static_cast<long long>(g.score), floatText(g.kmh / static_cast<double>(g.n)).c_str(),
                 static_cast<long long>(g.fast), floatText(g.perLane).c_str(),
                 static_cast<long long>(g.spread));
  std::fclose(in);
  return std::fclose(out) == 0 ? 0 : 3;
}

#include "cli/ProgressLine.h"

#include <fmt/format.h>
#include <sys/ioctl.h>

namespace popper::cli {
namespace {

// 1234 -> "1234", 1234567 -> "1.23M"
std::string shortCount(double n) {
  if (n < 1e4) return fmt::format("{:.0f}", n);
  if (n < 1e6) return fmt::format("{:.1f}k", n / 1e3);
  if (n < 1e9) return fmt::format("{:.2f}M", n / 1e6);
  return fmt::format("{:.2f}G", n / 1e9);
}

}  // namespace

std::string progressLine(const engine::RunProgress& p, size_t width) {
  std::string line = fmt::format("popper: {:.1f} s, {} rows/s", p.seconds,
                                 shortCount(p.seconds > 0 ? static_cast<double>(p.rowsRead) / p.seconds : 0));
  for (const auto& [name, rows] : p.nodes)
    line += fmt::format(" | {} {}", name, shortCount(static_cast<double>(rows)));
  if (width > 1 && line.size() >= width) line.resize(width - 1);
  return line;
}

size_t terminalWidth(int fd) {
  winsize size{};
  if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
  return size.ws_col;
}

}  // namespace popper::cli

// The progress line `popper run` rewrites on a terminal (stderr) while a run
// takes longer than a second: time, rows read per second, and the rows each
// extractor read and each PROCESS (model operator) received so far.
#pragma once

#include <string>

#include "runtime/engine/Engine.h"

namespace popper::cli {

// The line (no newline), cut to `width` columns (0: not cut).
std::string progressLine(const engine::RunProgress& progress, size_t width);
// The terminal's width on `fd`, or 0 if unknown.
size_t terminalWidth(int fd);

}  // namespace popper::cli

// Writing a file the CLI makes whole (a run report, a trace) as one
// transaction: a temporary file renamed over the previous version, or
// written in place for standard output ("-"), a device or a FIFO.
#pragma once

#include <string>
#include <string_view>

#include "common/Status.h"

namespace popper::cli {

Status writeWholeFile(const std::string& path, std::string_view text);

}  // namespace popper::cli

// The fields of one CSV record that fits on one line (RFC 4180 quoting:
// "a,b" is one field, "" inside quotes is a quote). Used for ground-truth
// headers and by the run store's diff; the CSV reader handles records over
// several lines.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace popper {

std::vector<std::string> splitCsvLine(std::string_view line);

}  // namespace popper

// "-" as a path: standard input for an EXTRACT (`FROM "-"`), standard output
// for an OUTPUT (`TO "-"`), the Unix convention. It is never resolved against
// a folder; "./-" names a file called "-".
#pragma once

#include <string_view>

namespace popper {

inline constexpr std::string_view kStandardStream = "-";

inline bool isStandardStream(std::string_view path) { return path == kStandardStream; }

}  // namespace popper

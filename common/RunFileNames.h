// The files a run writes into its output folder (--out-dir) besides its
// OUTPUTs: no OUTPUT may take their names (popper check reports it, the
// engine refuses an absolute path to them), since each run replaces them.
#pragma once

#include <string_view>

namespace popper {

inline constexpr std::string_view kRejectsFileName = "rejects.jsonl";
inline constexpr std::string_view kCorrectionsFileName = "corrections.jsonl";

}  // namespace popper

// ObjectCacheDir: where compiled modules are kept between runs, and the
// decision whether there is such a place. POPPER_JIT_CACHE names the folder
// ("off" disables the cache); otherwise $XDG_CACHE_HOME/popper/jit or
// ~/.cache/popper/jit. A folder that cannot be created or written disables
// the cache silently (it is an optimization, never a reason to fail a run).
// No LLVM here.
#pragma once

#include <string>

namespace popper::jit {

// The cache folder to use, or "" when caching is off or impossible.
std::string defaultCacheDir();

// True when `dir` exists (creating it if needed) and a file can be written in it.
bool usableCacheDir(const std::string& dir);

}  // namespace popper::jit

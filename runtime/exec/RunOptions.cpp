// Setting run options by name (popper.yaml and SET use the same names).
#include "runtime/exec/RunOptions.h"

#include <algorithm>
#include <filesystem>
#include <thread>

#include "common/StandardStreams.h"

namespace popper::exec {

int RunOptions::defaultThreads() { return std::max(2u, std::thread::hardware_concurrency()); }

Status applyOption(RunOptions& options, const std::string& name, const Literal& value) {
  auto integer = [&](int64_t min, int64_t max) -> std::optional<int64_t> {
    if (value.type() != Type::Int || value.asInt() < min || value.asInt() > max) return std::nullopt;
    return value.asInt();
  };
  if (name == "threads") {
    auto v = integer(1, 256);
    if (!v) return Status::invalidArgument("option 'threads' must be an int from 1 to 256");
    options.threads = static_cast<int>(*v);
  } else if (name == "max_rejects") {
    auto v = integer(0, INT64_MAX);
    if (!v) return Status::invalidArgument("option 'max_rejects' must be a non-negative int");
    options.maxRejects = *v;
  } else if (name == "batch_size") {
    auto v = integer(1, 1 << 20);
    if (!v) return Status::invalidArgument("option 'batch_size' must be an int from 1 to 1048576");
    options.batchSize = static_cast<size_t>(*v);
  } else if (name == "max_rounds") {
    auto v = integer(0, INT64_MAX);
    if (!v) return Status::invalidArgument("option 'max_rounds' must be a non-negative int");
    options.maxRounds = *v;
  } else if (name == "epoch_rows") {
    auto v = integer(1, INT64_MAX);
    if (!v) return Status::invalidArgument("option 'epoch_rows' must be a positive int");
    options.epochRows = static_cast<uint64_t>(*v);
  } else {
    return Status::invalidArgument("unknown option '" + name + "'");
  }
  return Status::ok();
}

std::string resolvePath(const std::string& folder, const std::string& path) {
  std::filesystem::path p(path);
  if (p.is_absolute() || folder.empty() || isStandardStream(path)) return path;
  return (std::filesystem::path(folder) / p).lexically_normal().string();
}

}  // namespace popper::exec

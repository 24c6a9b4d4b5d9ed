// One of Exec's worker processes (see Exec.cpp for the protocol): sends it a
// contiguous range of rows, matches every reply to the row whose id it echoes,
// restarts the process when it fails and decides what became of each row.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "runtime/models/Subprocess.h"

namespace popper::models {

struct ExecConfig {
  std::string cmd;
  int timeoutMs = 10000;
  size_t maxLineBytes = size_t{16} << 20;
};

// One row's outcome: its produced values, or why it was rejected.
struct ExecResult {
  nlohmann::json values;
  std::string error;
};

class ExecWorker {
 public:
  explicit ExecWorker(const ExecConfig* config) : config_(config) {}

  bool start(std::string& error);
  // Answers rows [begin, end) of `rows` (row objects, execRowObject) into the
  // same places of `results`. Throws catalog::OperatorFailure when the
  // command cannot start (see Exec.cpp).
  void answer(const std::vector<std::string>& rows, size_t begin, size_t end,
              std::vector<ExecResult>& results);

 private:
  // Sends rows [first, end) once; returns the first row left unanswered and,
  // if the worker failed, why in `failure` (the worker is then stopped).
  size_t exchangeOnce(const std::vector<std::string>& rows, size_t first, size_t end,
                      std::vector<ExecResult>& results, std::string& failure);
  // The reason for a worker that closed its output; throws when it never started.
  std::string closedReason();
  std::string withStderr(std::string reason) const;

  const ExecConfig* config_;
  Subprocess process_;
  uint64_t nextId_ = 1;
  bool answeredInLife_ = false;  // the current process wrote a line
  bool answeredEver_ = false;    // some process of this worker did
  int silentDeaths_ = 0;         // processes in a row that died before writing a line
};

}  // namespace popper::models

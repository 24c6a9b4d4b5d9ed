// RunOptions: the job options of a run. Precedence (docs/cli.md):
// defaults < popper.yaml `options:` < SET in the workflow < command-line flags;
// the CLI applies them in that order through applyOption / the fields.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "common/Status.h"
#include "common/Type.h"

namespace popper::exec {

struct RunOptions {
  int threads = 0;          // worker threads; 0: the default (defaultThreads())
  int64_t maxRejects = -1;  // -1: no limit
  size_t batchSize = 2048;  // rows per batch read by extractors
  int64_t maxRounds = 8;    // bound on operator-emitted back edges (handlers, a later issue)
  size_t queueBatches = 8;  // bounded queue: batches waiting on one operator's input
  // Plans with handlers: sources pause every this many records for a wave;
  // a gate that streams its corrections prunes its target's rows this often instead.
  uint64_t epochRows = 10000;
  bool verify = false;  // `popper run --verify`: recompute every node after the run and compare
  // The process exits right after the run (the CLI): the run's correction
  // log, which can hold millions of small blocks, is not freed block by block.
  bool exitsAfterRun = false;
  std::string workflowDir;   // relative input paths resolve here
  std::string outDir = ".";  // relative output paths and rejects.jsonl go here
  // Inputs that can be read only once (standard input "-", a FIFO, a pipe),
  // by resolved path, and the copy an extractor reads instead: --verify reads
  // every input twice, and the engine makes the copies.
  std::map<std::string, std::string> inputCopies;

  static int defaultThreads();  // hardware threads, at least 2
  int effectiveThreads() const { return threads > 0 ? threads : defaultThreads(); }
};

// Applies one option by name (threads, max_rejects, batch_size, max_rounds, epoch_rows);
// an unknown name or a bad value is an InvalidArgument naming it.
Status applyOption(RunOptions& options, const std::string& name, const Literal& value);

// Resolves a path against a folder (absolute paths and "-", a standard
// stream, stay as they are).
std::string resolvePath(const std::string& folder, const std::string& path);

}  // namespace popper::exec

// Several instances of one model operator behind a single Processor (the
// product contract, docs/design.md: "slow model operators can run several instances and batch their
// calls"). Each instance is a complete Processor that loaded its model once
// (Translate: its own Apertium pipeline; Exec: its own worker processes).
// Every input batch is split into contiguous chunks, one per instance, which
// run in parallel on the pool's own small thread set (the caller's thread
// takes the first chunk); the chunks' outputs, parents and row errors are then
// merged in input order. A chunk is a whole call for its instance, so model
// calls stay batched, and the merged result is identical to what a single
// instance would have produced: outputs do not depend on the instance count.
// The pool lives in runtime/models, beside the models, so the scheduler and
// ProcessOp see one ordinary Processor.
#pragma once

#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "common/Status.h"
#include "runtime/catalog/OperatorCatalog.h"

namespace popper::models {

class InstancePool : public catalog::Processor {
 public:
  // Takes at least one instance; with one, process() calls it directly.
  explicit InstancePool(std::vector<std::unique_ptr<catalog::Processor>> instances);
  ~InstancePool() override;

  void process(const Batch& in, Batch& out, std::vector<uint32_t>& parents, RowErrors& errors) override;

  size_t instanceCount() const { return instances_.size(); }

 private:
  // One chunk of the current batch and what its instance made of it.
  struct Chunk {
    size_t begin = 0;
    size_t end = 0;
    Batch in;
    Batch out;
    std::vector<uint32_t> parents;
    RowErrors errors;
    std::exception_ptr failure;
  };

  void runChunk(size_t i);
  void helperLoop(size_t i);

  std::vector<std::unique_ptr<catalog::Processor>> instances_;
  std::vector<Chunk> chunks_;
  std::mutex callMutex_;  // one batch at a time through the pool

  // Helper thread i (1..n-1) runs chunk i of each generation.
  std::vector<std::thread> helpers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  uint64_t generation_ = 0;
  size_t activeChunks_ = 0;  // chunks of the current generation
  size_t pending_ = 0;       // helper chunks not finished yet
  bool stopping_ = false;
};

// The instance count an operator call asks for (`instances: n`, default 1),
// or an error naming the call when it is out of range.
Result<int> instanceCount(const catalog::OperatorSetup& setup);

// Creates `instances: n` instances with `make` and pools them; one instance
// is returned as is.
Result<std::unique_ptr<catalog::Processor>> makePooled(
    const catalog::OperatorSetup& setup, const catalog::OperatorCatalog::ProcessorFactory& make);
// A factory that does makePooled over `one`: what every model operator registers.
catalog::OperatorCatalog::ProcessorFactory pooled(catalog::OperatorCatalog::ProcessorFactory one);

}  // namespace popper::models

// Several model instances behind one Processor (see InstancePool.h).
#include "runtime/models/InstancePool.h"

#include <algorithm>

#include "runtime/models/ModelSupport.h"

namespace popper::models {

constexpr int64_t kMaxInstances = 16;

InstancePool::InstancePool(std::vector<std::unique_ptr<catalog::Processor>> instances)
    : instances_(std::move(instances)), chunks_(instances_.size()) {
  for (size_t i = 1; i < instances_.size(); ++i) helpers_.emplace_back([this, i] { helperLoop(i); });
}

InstancePool::~InstancePool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : helpers_) t.join();
}

void InstancePool::helperLoop(size_t i) {
  uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
      if (stopping_) return;
      seen = generation_;
      if (i >= activeChunks_) continue;  // this batch was too small to reach us
    }
    runChunk(i);
    {
      std::lock_guard lock(mutex_);
      --pending_;
    }
    done_.notify_one();
  }
}

void InstancePool::runChunk(size_t i) {
  Chunk& c = chunks_[i];
  try {
    instances_[i]->process(c.in, c.out, c.parents, c.errors);
  } catch (...) {
    c.failure = std::current_exception();
  }
}

void InstancePool::process(const Batch& in, Batch& out, std::vector<uint32_t>& parents, RowErrors& errors) {
  size_t n = in.size();
  size_t count = std::min(instances_.size(), n);
  if (count <= 1) {
    instances_[0]->process(in, out, parents, errors);
    return;
  }
  std::lock_guard call(callMutex_);
  size_t per = (n + count - 1) / count;
  for (size_t i = 0; i < count; ++i) {
    Chunk& c = chunks_[i];
    c.begin = std::min(n, i * per);
    c.end = std::min(n, (i + 1) * per);
    c.in = Batch(in.schemaPtr(), false);
    c.in.appendRows(in, c.begin, c.end, StringCopy::Share);
    c.out = Batch(out.schemaPtr(), false);
    c.parents.clear();
    c.errors.clear();
    c.failure = nullptr;
  }
  {
    std::lock_guard lock(mutex_);
    activeChunks_ = count;
    pending_ = count - 1;
    ++generation_;
  }
  wake_.notify_all();
  runChunk(0);
  {
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return pending_ == 0; });
  }

  for (size_t i = 0; i < count; ++i)
    if (chunks_[i].failure) std::rethrow_exception(chunks_[i].failure);
  for (size_t i = 0; i < count; ++i) {
    Chunk& c = chunks_[i];
    out.shareStringsOf(c.in);  // an instance may emit views of its input's strings
    out.shareStringsOf(c.out);
    for (size_t col = 0; col < out.numColumns(); ++col)
      out.column(col).appendRange(c.out.column(col), 0, c.out.column(col).size());
    for (uint32_t p : c.parents) parents.push_back(p + static_cast<uint32_t>(c.begin));
    for (const RowError& e : c.errors.errors())
      errors.add(e.row + static_cast<uint32_t>(c.begin), e.range, e.message);
    c.in = Batch();
    c.out = Batch();
  }
}

Result<int> instanceCount(const catalog::OperatorSetup& setup) {
  int64_t n = intArg(setup, "instances", 1);
  if (n < 1 || n > kMaxInstances)
    return Status::invalidArgument(setup.call->op + " instances must be between 1 and " +
                                   std::to_string(kMaxInstances) + ", got " + std::to_string(n));
  return static_cast<int>(n);
}

Result<std::unique_ptr<catalog::Processor>> makePooled(
    const catalog::OperatorSetup& setup, const catalog::OperatorCatalog::ProcessorFactory& make) {
  auto count = instanceCount(setup);
  if (!count) return count.status();
  std::vector<std::unique_ptr<catalog::Processor>> instances;
  for (int i = 0; i < count.value(); ++i) {
    auto instance = make(setup);
    if (!instance) return instance.status();
    instances.push_back(std::move(instance.value()));
  }
  if (instances.size() == 1) return std::move(instances[0]);
  return std::unique_ptr<catalog::Processor>(new InstancePool(std::move(instances)));
}

catalog::OperatorCatalog::ProcessorFactory pooled(catalog::OperatorCatalog::ProcessorFactory one) {
  return [one = std::move(one)](const catalog::OperatorSetup& setup) { return makePooled(setup, one); };
}

}  // namespace popper::models

// Registration, module compilation and the background compile (see JitSession.h).
#include "compiler/jit/JitSession.h"

#include <chrono>
#include <cstring>
#include <ctime>

#include "compiler/jit/JitEngine.h"
#include "compiler/jit/JitEvaluator.h"

namespace popper::jit {

namespace {
// A structural key: two evaluators of the same expression (one per operator
// instance and thread) share one compiled function.
void appendKey(const BoundExpr& e, std::string& key) {
  char buf[96];
  int len =
      std::snprintf(buf, sizeof buf, "(%d %d %u:%u %d %d %d %d %d", static_cast<int>(e.kind),
                    static_cast<int>(e.type), e.range.begin, e.range.end, e.input, e.column,
                    static_cast<int>(e.unaryOp), static_cast<int>(e.binaryOp), static_cast<int>(e.func));
  key.append(buf, static_cast<size_t>(len));
  if (e.kind == BoundExpr::Kind::Const) {
    key.push_back(' ');
    switch (e.value.type()) {
      case Type::String:
        key += std::to_string(e.value.asString().size());
        key.push_back(':');
        key += e.value.asString();
        break;
      case Type::Int:
        key += std::to_string(e.value.asInt());
        break;
      case Type::Float: {
        double d = e.value.asFloat();
        uint64_t bits;
        std::memcpy(&bits, &d, sizeof bits);
        key += std::to_string(bits);
        break;
      }
      case Type::Bool:
        key += e.value.asBool() ? "t" : "f";
        break;
    }
  }
  for (const BoundExpr& a : e.args) appendKey(a, key);
  key.push_back(')');
}
}  // namespace

JitSession::JitSession(JitOptions options) : options_(std::move(options)) {}

Result<std::unique_ptr<JitSession>> JitSession::create(JitOptions options) {
  return std::unique_ptr<JitSession>(new JitSession(std::move(options)));
}

JitSession::~JitSession() {
  if (worker_.joinable()) worker_.join();
}

std::unique_ptr<ExprEvaluator> JitSession::makeEvaluator(const BoundExpr& expr) {
  std::string key;
  appendKey(expr, key);
  std::lock_guard<std::mutex> lock(mutex_);
  // A bare column or constant has nothing to compile: the interpreter reads it in place.
  bool trivial = expr.kind == BoundExpr::Kind::Column || expr.kind == BoundExpr::Kind::Const;
  if (trivial || !stats_.error.empty()) {
    if (interpretedKeys_.insert(key).second) ++stats_.interpretedExpressions;
    return makeInterpreter(expr);
  }
  auto& slot = byKey_[key];
  if (!slot) {
    slot = std::make_shared<CompiledExpr>();
    slot->expr = expr;
    slot->shape = shapeOf(slot->expr);
    pending_.push_back(slot);
  }
  return std::make_unique<JitEvaluator>(*this, slot);
}

void JitSession::noteRows(uint64_t rows) {
  uint64_t seen = rowsSeen_.fetch_add(rows, std::memory_order_relaxed) + rows;
  if (seen < options_.compileAfterRows || compiling_.load(std::memory_order_relaxed) || stop_.load()) return;
  std::unique_lock<std::mutex> lock(mutex_);
  if (pending_.empty() || compiling_.load() || !stats_.error.empty()) return;
  compiling_ = true;
  if (!options_.background) {
    lock.unlock();  // compilePending takes the lock itself
    (void)compilePending();
    compiling_ = false;
    return;
  }
  if (worker_.joinable()) worker_.join();  // a finished earlier compile
  worker_ = std::thread([this] {
    (void)compilePending();
    compiling_ = false;
  });
}

Status JitSession::compileNow() {
  if (worker_.joinable()) worker_.join();
  return compilePending();
}

Status JitSession::compilePending() {
  std::lock_guard<std::mutex> compileLock(compileMutex_);
  std::vector<std::shared_ptr<CompiledExpr>> batch;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    batch.swap(pending_);
    stats_.started = true;
  }
  if (batch.empty()) return Status::ok();
  auto start = std::chrono::steady_clock::now();
  auto finish = [&](Status st) {
    auto end = std::chrono::steady_clock::now();
    double ms = std::chrono::duration<double, std::milli>(end - start).count();
    std::lock_guard<std::mutex> lock(mutex_);
    stats_.compileMillis += ms;
    stats_.compiles.emplace_back(start, end);
    if (st.isOk()) {
      stats_.compiledExpressions += static_cast<int>(batch.size());
      ++stats_.modules;
    } else {
      stats_.error = st.message();
      stats_.interpretedExpressions += static_cast<int>(batch.size());
    }
    return st;
  };
  if (!engine_) {
    timespec before, after;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &before);
    auto engine = JitEngine::create(EngineOptions{options_.cacheDir});
    if (!engine) return finish(engine.status());
    engine_ = std::move(*engine);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &after);
    double ms = (after.tv_sec - before.tv_sec) * 1e3 + (after.tv_nsec - before.tv_nsec) / 1e6;
    std::lock_guard<std::mutex> lock(mutex_);
    stats_.engineMillis += ms;
  }
  std::vector<ModuleEntry> entries;
  std::vector<std::vector<ErrorSite>> sites(batch.size());
  int base;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    base = nextFunction_;
    nextFunction_ += static_cast<int>(batch.size());
  }
  for (size_t k = 0; k < batch.size(); ++k) {
    ModuleEntry e;
    e.expr = &batch[k]->expr;
    e.shape = &batch[k]->shape;
    if (batch[k]->expr.type == Type::Bool)
      e.filterName = "popper_filter_" + std::to_string(base + static_cast<int>(k));
    else
      e.evaluateName = "popper_eval_" + std::to_string(base + static_cast<int>(k));
    e.sites = &sites[k];
    entries.push_back(std::move(e));
  }
  CompilePhases phases;
  Status st = engine_->compileModule(entries, phases, &stop_);
  if (phases.abandoned) {
    std::lock_guard<std::mutex> lock(mutex_);
    stats_.abandoned = true;
    stats_.interpretedExpressions += static_cast<int>(batch.size());
    return Status::ok();
  }
  if (!st.isOk()) return finish(st);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stats_.irMillis += phases.irMillis;
    stats_.optimizeMillis += phases.optimizeMillis;
    stats_.machineMillis += phases.machineMillis;
    stats_.cacheHits += phases.cacheHit ? 1 : 0;
  }
  for (size_t k = 0; k < batch.size(); ++k) {
    batch[k]->sites = std::move(sites[k]);
    batch[k]->filterFn = entries[k].filterFn;
    batch[k]->evaluateFn = entries[k].evaluateFn;
    batch[k]->ready.store(true, std::memory_order_release);
  }
  return finish(Status::ok());
}

void JitSession::stopCompiling() {
  stop_.store(true);
  if (worker_.joinable()) worker_.join();
}

void JitSession::waitForCompile() {
  // Called when no evaluator runs any more, so worker_ is not being replaced.
  if (worker_.joinable()) worker_.join();
}

JitStats JitSession::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

}  // namespace popper::jit

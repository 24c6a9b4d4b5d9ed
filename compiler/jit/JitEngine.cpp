// LLJIT setup, module optimization and symbol lookup (see JitEngine.h).
#include "compiler/jit/JitEngine.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/ExecutionEngine/ObjectCache.h>
#include <llvm/ExecutionEngine/Orc/CompileUtils.h>
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SHA1.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Transforms/InstCombine/InstCombine.h>
#include <llvm/Transforms/Scalar/EarlyCSE.h>
#include <llvm/Transforms/Scalar/SimplifyCFG.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <mutex>

#include "compiler/jit/ExprCodegen.h"
#include "compiler/jit/LlvmCompat.h"
#include "compiler/jit/RuntimeHelpers.h"

namespace popper::jit {

namespace {
Status toStatus(llvm::Error err, const char* what) {
  std::string text = llvm::toString(std::move(err));
  return Status::internal(std::string(what) + ": " + text);
}

// The optimizer is a short function pipeline, not O2: a compiled expression
// is one loop whose body branches per row (errors, AND/OR, IF), so O2's loop
// and vectorization passes find nothing to do, yet cost ~50 ms CPU per
// workflow (measured; tests/bench/RESULTS.md "JIT"). What matters is
// promoting the helper cells to registers (SROA), CSE of repeated loads,
// instruction combining and CFG cleanup. Machine code uses the default
// (optimizing) instruction selector and register allocator: the fast ones
// compile 5x faster but made the loops 2-3x slower.
constexpr auto kCodeGenLevel = compat::kDefaultCodeGen;
constexpr int kPipelineVersion = 1;  // part of the cache key

void initializeLlvmOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
}

// Library functions generated code may call (frem lowers to fmod; round, floor
// and ceil to libm when the CPU lacks an instruction), given as absolute
// symbols so lookup never depends on what the process exports.
double hostFmod(double x, double y) { return std::fmod(x, y); }
double hostRound(double x) { return std::round(x); }
double hostFloor(double x) { return std::floor(x); }
double hostCeil(double x) { return std::ceil(x); }

// Phases are timed in this thread's CPU time: on a shared machine wall time
// mostly measures the other processes.
struct Clock {
  using time_point = double;
  static double now() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
  }
};
double millisSince(double start) { return Clock::now() - start; }

// Objects on disk, one file per module hash (the module's identifier). A
// write that fails leaves no file (written to a temporary, then renamed).
class DiskObjectCache : public llvm::ObjectCache {
 public:
  explicit DiskObjectCache(std::string dir) : dir_(std::move(dir)) {}

  bool has(const std::string& key) const {
    std::error_code ec;
    return !dir_.empty() && std::filesystem::exists(pathOf(key), ec);
  }

  void notifyObjectCompiled(const llvm::Module* m, llvm::MemoryBufferRef object) override {
    if (dir_.empty()) return;
    std::string path = pathOf(m->getModuleIdentifier());
    std::string tmp = path + ".tmp" + std::to_string(::getpid());
    FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) return;
    bool ok = std::fwrite(object.getBufferStart(), 1, object.getBufferSize(), f) == object.getBufferSize();
    ok = std::fclose(f) == 0 && ok;
    std::error_code ec;
    if (ok) std::filesystem::rename(tmp, path, ec);
    if (!ok || ec) std::filesystem::remove(tmp, ec);
  }

  std::unique_ptr<llvm::MemoryBuffer> getObject(const llvm::Module* m) override {
    if (dir_.empty()) return nullptr;
    auto buffer = llvm::MemoryBuffer::getFile(pathOf(m->getModuleIdentifier()), false, false);
    if (!buffer) return nullptr;
    return std::move(*buffer);
  }

 private:
  std::string pathOf(const std::string& key) const { return dir_ + "/" + key + ".o"; }
  std::string dir_;
};

// Bumped when the helpers' ABI changes without the IR showing it.
constexpr const char* kHelperAbi = "popper-jit-helpers-1";
}  // namespace

struct JitEngine::Impl {
  std::unique_ptr<llvm::orc::LLJIT> jit;
  std::unique_ptr<llvm::TargetMachine> machine;  // for the optimizer's cost model
  std::unique_ptr<DiskObjectCache> cache;
  std::mutex mutex;  // one compile at a time
};

JitEngine::JitEngine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
JitEngine::~JitEngine() = default;

Result<std::unique_ptr<JitEngine>> JitEngine::create(const EngineOptions& options) {
  initializeLlvmOnce();
  if (!stringViewIsSizeThenData())
    return Status::internal("the jit does not know this std::string_view layout");
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder) return toStatus(builder.takeError(), "cannot detect the host for the jit");
  builder->setCodeGenOptLevel(kCodeGenLevel);
  auto machine = builder->createTargetMachine();
  if (!machine) return toStatus(machine.takeError(), "cannot create the jit's target machine");
  auto cache = std::make_unique<DiskObjectCache>(options.cacheDir);
  DiskObjectCache* cachePtr = cache.get();
  auto jit = llvm::orc::LLJITBuilder()
                 .setJITTargetMachineBuilder(*builder)
                 .setCompileFunctionCreator(
                     [cachePtr](llvm::orc::JITTargetMachineBuilder jtmb)
                         -> llvm::Expected<std::unique_ptr<llvm::orc::IRCompileLayer::IRCompiler>> {
                       auto tm = jtmb.createTargetMachine();
                       if (!tm) return tm.takeError();
                       return std::make_unique<llvm::orc::TMOwningSimpleCompiler>(std::move(*tm), cachePtr);
                     })
                 .create();
  if (!jit) return toStatus(jit.takeError(), "cannot create the jit");

  auto& dylib = (*jit)->getMainJITDylib();
  auto& session = (*jit)->getExecutionSession();
  llvm::orc::MangleAndInterner mangle(session, (*jit)->getDataLayout());
  llvm::orc::SymbolMap symbols;
  symbols[mangle("fmod")] = compat::absoluteSymbol(&hostFmod);
  symbols[mangle("round")] = compat::absoluteSymbol(&hostRound);
  symbols[mangle("floor")] = compat::absoluteSymbol(&hostFloor);
  symbols[mangle("ceil")] = compat::absoluteSymbol(&hostCeil);
  for (const HelperSymbol& h : helperSymbols()) symbols[mangle(h.name)] = compat::absoluteSymbol(h.address);
  if (llvm::Error err = dylib.define(llvm::orc::absoluteSymbols(std::move(symbols))))
    return toStatus(std::move(err), "cannot register the jit's helper symbols");
  // memset/memcpy and anything else the optimizer may introduce.
  auto process = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
      (*jit)->getDataLayout().getGlobalPrefix());
  if (!process) return toStatus(process.takeError(), "cannot search the process for the jit");
  dylib.addGenerator(std::move(*process));

  auto impl = std::make_unique<Impl>();
  impl->jit = std::move(*jit);
  impl->machine = std::move(*machine);
  impl->cache = std::move(cache);
  return std::unique_ptr<JitEngine>(new JitEngine(std::move(impl)));
}

Status JitEngine::compileModule(std::vector<ModuleEntry>& entries, CompilePhases& phases,
                                const std::atomic<bool>* stop) {
  auto stopped = [&] { return stop && stop->load() && (phases.abandoned = true); };
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Clock::time_point start = Clock::now();
  auto context = std::make_unique<llvm::LLVMContext>();
  auto module = std::make_unique<llvm::Module>("popper_workflow", *context);
  module->setDataLayout(impl_->machine->createDataLayout());
  module->setTargetTriple(impl_->machine->getTargetTriple().str());
  try {
    for (ModuleEntry& entry : entries) {
      if (!entry.evaluateName.empty())
        emitExprFunction(*module, entry.evaluateName, *entry.expr, *entry.shape, LoopKind::Evaluate,
                         *entry.sites);
      if (!entry.filterName.empty())
        emitExprFunction(*module, entry.filterName, *entry.expr, *entry.shape, LoopKind::Filter,
                         *entry.sites);
    }
  } catch (const std::logic_error& e) {
    return Status::internal(std::string("jit code generation failed: ") + e.what());
  }
  std::string problems;
  llvm::raw_string_ostream os(problems);
  if (llvm::verifyModule(*module, &os)) return Status::internal("jit generated invalid code: " + os.str());

  // The cache key: everything the machine code depends on.
  std::string text;
  llvm::raw_string_ostream ir(text);
  module->print(ir, nullptr);
  ir << kHelperAbi << LLVM_VERSION_STRING << impl_->machine->getTargetCPU()
     << impl_->machine->getTargetFeatureString() << kPipelineVersion << static_cast<int>(kCodeGenLevel);
  ir.flush();
  std::string key = "m";  // (not "m" + toHex(...): GCC 12 warns falsely about that)
  key += llvm::toHex(llvm::SHA1::hash(llvm::arrayRefFromStringRef(text)), true);
  module->setModuleIdentifier(key);
  phases.cacheHit = impl_->cache->has(key);
  phases.irMillis = millisSince(start);

  if (stopped()) return Status::ok();
  start = Clock::now();
  if (!phases.cacheHit) {
    llvm::LoopAnalysisManager lam;
    llvm::FunctionAnalysisManager fam;
    llvm::CGSCCAnalysisManager cgam;
    llvm::ModuleAnalysisManager mam;
    llvm::PassBuilder passes(impl_->machine.get());
    passes.registerModuleAnalyses(mam);
    passes.registerCGSCCAnalyses(cgam);
    passes.registerFunctionAnalyses(fam);
    passes.registerLoopAnalyses(lam);
    passes.crossRegisterProxies(lam, fam, cgam, mam);
    llvm::FunctionPassManager fpm;
    fpm.addPass(compat::sroaPass());
    fpm.addPass(llvm::EarlyCSEPass());
    fpm.addPass(llvm::InstCombinePass());
    fpm.addPass(llvm::SimplifyCFGPass());
    llvm::ModulePassManager mpm;
    mpm.addPass(llvm::createModuleToFunctionPassAdaptor(std::move(fpm)));
    mpm.run(*module, mam);
  }
  phases.optimizeMillis = millisSince(start);

  if (stopped()) return Status::ok();
  start = Clock::now();
  llvm::orc::ThreadSafeModule tsm(std::move(module), std::move(context));
  if (llvm::Error err = impl_->jit->addIRModule(std::move(tsm)))
    return toStatus(std::move(err), "jit compile failed");
  // The first lookup compiles (or loads) the module.
  for (ModuleEntry& entry : entries) {
    if (!entry.evaluateName.empty()) {
      auto eval = compat::lookupFunction<CompiledExprFn>(*impl_->jit, entry.evaluateName);
      if (!eval) return toStatus(eval.takeError(), "jit symbol lookup failed");
      entry.evaluateFn = *eval;
    }
    if (!entry.filterName.empty()) {
      auto filter = compat::lookupFunction<CompiledExprFn>(*impl_->jit, entry.filterName);
      if (!filter) return toStatus(filter.takeError(), "jit symbol lookup failed");
      entry.filterFn = *filter;
    }
  }
  phases.machineMillis = millisSince(start);
  return Status::ok();
}

}  // namespace popper::jit

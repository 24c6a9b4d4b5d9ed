// LLJIT setup, module optimization and symbol lookup (see JitEngine.h).
#include "compiler/jit/JitEngine.h"

#include <cmath>
#include <mutex>

#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include "compiler/jit/ExprCodegen.h"
#include "compiler/jit/LlvmCompat.h"

namespace popper::jit {

namespace {
Status toStatus(llvm::Error err, const char* what) {
  std::string text = llvm::toString(std::move(err));
  return Status::internal(std::string(what) + ": " + text);
}

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
}  // namespace

struct JitEngine::Impl {
  std::unique_ptr<llvm::orc::LLJIT> jit;
  std::unique_ptr<llvm::TargetMachine> machine;  // for the optimizer's cost model
  std::mutex mutex;                              // one compile at a time
};

JitEngine::JitEngine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
JitEngine::~JitEngine() = default;

Result<std::unique_ptr<JitEngine>> JitEngine::create() {
  initializeLlvmOnce();
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder) return toStatus(builder.takeError(), "cannot detect the host for the jit");
  builder->setCodeGenOptLevel(llvm::CodeGenOpt::Default);
  auto machine = builder->createTargetMachine();
  if (!machine) return toStatus(machine.takeError(), "cannot create the jit's target machine");
  auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(*builder).create();
  if (!jit) return toStatus(jit.takeError(), "cannot create the jit");

  auto& dylib = (*jit)->getMainJITDylib();
  auto& session = (*jit)->getExecutionSession();
  llvm::orc::MangleAndInterner mangle(session, (*jit)->getDataLayout());
  llvm::orc::SymbolMap symbols;
  symbols[mangle("fmod")] = compat::absoluteSymbol(&hostFmod);
  symbols[mangle("round")] = compat::absoluteSymbol(&hostRound);
  symbols[mangle("floor")] = compat::absoluteSymbol(&hostFloor);
  symbols[mangle("ceil")] = compat::absoluteSymbol(&hostCeil);
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
  return std::unique_ptr<JitEngine>(new JitEngine(std::move(impl)));
}

Status JitEngine::compileModule(std::vector<ModuleEntry>& entries) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  auto context = std::make_unique<llvm::LLVMContext>();
  auto module = std::make_unique<llvm::Module>("popper_workflow", *context);
  module->setDataLayout(impl_->machine->createDataLayout());
  module->setTargetTriple(impl_->machine->getTargetTriple().str());
  try {
    for (ModuleEntry& entry : entries) {
      emitExprFunction(*module, entry.evaluateName, *entry.expr, *entry.shape, LoopKind::Evaluate, *entry.sites);
      if (!entry.filterName.empty()) {
        std::vector<ErrorSite> same;  // the filter loop raises the same sites in the same order
        emitExprFunction(*module, entry.filterName, *entry.expr, *entry.shape, LoopKind::Filter, same);
      }
    }
  } catch (const std::logic_error& e) {
    return Status::internal(std::string("jit code generation failed: ") + e.what());
  }
  std::string problems;
  llvm::raw_string_ostream os(problems);
  if (llvm::verifyModule(*module, &os)) return Status::internal("jit generated invalid code: " + os.str());

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
  passes.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2).run(*module, mam);

  llvm::orc::ThreadSafeModule tsm(std::move(module), std::move(context));
  if (llvm::Error err = impl_->jit->addIRModule(std::move(tsm))) return toStatus(std::move(err), "jit compile failed");
  return Status::ok();
}

Result<CompiledExprFn> JitEngine::lookup(const std::string& name) {
  auto fn = compat::lookupFunction<CompiledExprFn>(*impl_->jit, name);
  if (!fn) return toStatus(fn.takeError(), "jit symbol lookup failed");
  return *fn;
}

}  // namespace popper::jit

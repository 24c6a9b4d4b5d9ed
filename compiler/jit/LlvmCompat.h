// LlvmCompat: every LLVM version difference the JIT cares about, in one place
// (the build pins LLVM 16; the #ifs keep the door open for 15 and 17+).
#pragma once

#include <llvm/Config/llvm-config.h>
#include <llvm/ExecutionEngine/Orc/Core.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/Support/CodeGen.h>
#include <llvm/Transforms/Scalar/SROA.h>

namespace popper::jit::compat {

// The address of a looked-up symbol as a function pointer.
template <typename Fn>
llvm::Expected<Fn> lookupFunction(llvm::orc::LLJIT& jit, llvm::StringRef name) {
  auto sym = jit.lookup(name);
  if (!sym) return sym.takeError();
#if LLVM_VERSION_MAJOR >= 15
  return sym->template toPtr<Fn>();
#else
  return reinterpret_cast<Fn>(static_cast<uintptr_t>(sym->getAddress()));
#endif
}

// An absolute symbol definition for a host function.
template <typename T>
auto absoluteSymbol(T* fn) {
#if LLVM_VERSION_MAJOR >= 17
  return llvm::orc::ExecutorSymbolDef(llvm::orc::ExecutorAddr::fromPtr(fn), llvm::JITSymbolFlags::Exported);
#else
  return llvm::JITEvaluatedSymbol(llvm::pointerToJITTargetAddress(fn), llvm::JITSymbolFlags::Exported);
#endif
}

// The default (optimizing) code generation level.
#if LLVM_VERSION_MAJOR >= 18
constexpr llvm::CodeGenOptLevel kDefaultCodeGen = llvm::CodeGenOptLevel::Default;
#else
constexpr llvm::CodeGenOpt::Level kDefaultCodeGen = llvm::CodeGenOpt::Default;
#endif

// SROA allowed to change the CFG (the behaviour of the O1+ pipelines).
inline llvm::SROAPass sroaPass() {
#if LLVM_VERSION_MAJOR >= 16
  return llvm::SROAPass(llvm::SROAOptions::ModifyCFG);
#else
  return llvm::SROAPass();
#endif
}

}  // namespace popper::jit::compat

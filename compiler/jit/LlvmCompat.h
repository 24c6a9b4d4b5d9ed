// LlvmCompat: every LLVM version difference the JIT cares about, in one place
// (the build pins LLVM 16; the #ifs keep the door open for 15 and 17+).
#pragma once

#include <llvm/Config/llvm-config.h>
#include <llvm/ExecutionEngine/Orc/Core.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>

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

}  // namespace popper::jit::compat

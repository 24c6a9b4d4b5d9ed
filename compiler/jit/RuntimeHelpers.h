// RuntimeHelpers: the C ABI functions compiled expressions call for what is
// not inline arithmetic: string comparison, concatenation, len/contains/
// starts_with/ends_with, string constants copied into the batch's arena, and
// a generic "call builtin k on this row" that runs the interpreter's own
// implementation (runtime/expr/functions) on a one-row batch, so every
// builtin's semantics (UTF-8, conversions, regexes, their error messages) are
// the interpreter's by construction. JitEngine registers the addresses as
// absolute symbols. No LLVM here.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "compiler/sema/BoundExpr.h"
#include "runtime/data/StringArena.h"
#include "runtime/expr/Functions.h"

namespace popper::jit {

// Values cross the helper boundary in 16-byte cells: int64, double, uint8
// (bool) or a std::string_view.
constexpr uint64_t kCellBytes = 16;
static_assert(sizeof(std::string_view) <= kCellBytes);

// One builtin call site compiled as a call to popper_rt_call.
struct RowCallSite {
  explicit RowCallSite(const BoundExpr& call);

  BuiltinImpl impl = nullptr;
  Type resultType = Type::Int;
  SourceRange range;
  std::vector<Column> args;  // one row each
  Column out;
  RowErrors errors;
  std::unique_ptr<FunctionState> state;  // e.g. the regex cache, kept across rows as in the interpreter
};

// Per-evaluator state the helpers use; slot 0 of every compiled call.
struct HelperContext {
  StringArena* arena = nullptr;
  std::vector<RowCallSite> calls;
  // (dense position, message) of the rows a helper failed, ascending by position.
  std::vector<std::pair<uint32_t, std::string>> messages;
};

// Generated code reads a string cell directly for predicates with a
// constant needle (size at offset 0, data pointer at offset 8, as libstdc++
// lays out std::string_view); JitEngine refuses to start when this is false.
bool stringViewIsSizeThenData();

// True when the JIT compiles `e` as popper_rt_call (rather than inline code or a dedicated helper).
bool callsBuiltinPerRow(const BoundExpr& e);

struct HelperSymbol {
  const char* name;
  void* address;
};
// Every helper, by the name generated code declares it with.
const std::vector<HelperSymbol>& helperSymbols();

}  // namespace popper::jit

// The helpers compiled expressions call (see RuntimeHelpers.h).
#include "compiler/jit/RuntimeHelpers.h"

#include <cstring>
#include <string_view>

#include "runtime/expr/functions/Utf8.h"

namespace popper::jit {

namespace {
using Sv = std::string_view;

BuiltinImpl implOf(const BoundExpr& e) {
  if (e.kind == BoundExpr::Kind::Call) return builtinImpl(e.func);
  // A cast behaves as the conversion function (as in the interpreter).
  return e.type == Type::Int ? fnToInt : e.type == Type::Float ? fnToFloat : fnToString;
}

void setCell(Column& c, const unsigned char* cell) {
  switch (c.type) {
    case Type::Int:
      std::memcpy(c.ints.data(), cell, sizeof(int64_t));
      break;
    case Type::Float:
      std::memcpy(c.floats.data(), cell, sizeof(double));
      break;
    case Type::Bool:
      c.bools[0] = cell[0];
      break;
    case Type::String:
      std::memcpy(static_cast<void*>(c.strings.data()), cell, sizeof(Sv));
      break;
  }
}

void getCell(const Column& c, unsigned char* cell) {
  switch (c.type) {
    case Type::Int:
      std::memcpy(cell, c.ints.data(), sizeof(int64_t));
      break;
    case Type::Float:
      std::memcpy(cell, c.floats.data(), sizeof(double));
      break;
    case Type::Bool:
      cell[0] = c.bools[0];
      break;
    case Type::String:
      std::memcpy(cell, static_cast<const void*>(c.strings.data()), sizeof(Sv));
      break;
  }
}

extern "C" {

// Runs site `site`'s builtin on one row; returns 1 (and records the message) when it fails the row.
uint8_t popper_rt_call(HelperContext* ctx, uint32_t site, uint64_t position, const unsigned char* args,
                       unsigned char* result) {
  RowCallSite& s = ctx->calls[site];
  for (size_t k = 0; k < s.args.size(); ++k) setCell(s.args[k], args + k * kCellBytes);
  static const uint32_t kRow = 0;
  s.out.clear();
  s.out.type = s.resultType;
  FunctionCall call{s.args, 1, &kRow, s.out, *ctx->arena, s.errors, s.range, s.state};
  s.impl(call);
  if (!s.errors.empty()) {
    ctx->messages.emplace_back(static_cast<uint32_t>(position), s.errors.errors().front().message);
    s.errors.clear();
    return 1;
  }
  getCell(s.out, result);
  return 0;
}

// A string constant copied into the batch's arena (results may outlive the
// compiled code). Without an arena (a caller that only filters) the view of
// the module's own bytes serves: it lives as long as the session.
void popper_rt_const(HelperContext* ctx, const char* bytes, uint64_t size, Sv* out) {
  *out = ctx->arena ? ctx->arena->store(Sv(bytes, size)) : Sv(bytes, size);
}

// String + string.
void popper_rt_concat(HelperContext* ctx, const Sv* a, const Sv* b, Sv* out) {
  char* p = ctx->arena->allocate(a->size() + b->size());
  if (!a->empty()) std::memcpy(p, a->data(), a->size());
  if (!b->empty()) std::memcpy(p + a->size(), b->data(), b->size());
  *out = Sv(p, a->size() + b->size());
}

// Byte-wise comparison: negative, zero or positive.
int32_t popper_rt_compare(const Sv* a, const Sv* b) {
  int c = a->compare(*b);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

int64_t popper_rt_len(const Sv* s) { return static_cast<int64_t>(utf8::length(*s)); }
uint8_t popper_rt_contains(const Sv* s, const Sv* t) { return s->find(*t) != Sv::npos; }
uint8_t popper_rt_starts_with(const Sv* s, const Sv* t) { return s->starts_with(*t); }
uint8_t popper_rt_ends_with(const Sv* s, const Sv* t) { return s->ends_with(*t); }

}  // extern "C"
}  // namespace

RowCallSite::RowCallSite(const BoundExpr& call)
    : impl(implOf(call)), resultType(call.type), range(call.range) {
  for (const BoundExpr& a : call.args) {
    Column c(a.type);
    c.resize(1);
    args.push_back(std::move(c));
  }
  out.type = call.type;
}

bool stringViewIsSizeThenData() {
  static const char text[] = "xyz";
  Sv probe(text, 3);
  uint64_t words[2];
  static_assert(sizeof(Sv) == sizeof words);
  std::memcpy(words, static_cast<const void*>(&probe), sizeof words);
  return words[0] == 3 && words[1] == reinterpret_cast<uintptr_t>(text);
}

bool callsBuiltinPerRow(const BoundExpr& e) {
  if (e.kind == BoundExpr::Kind::Cast) {
    const BoundExpr& arg = e.args[0];
    if (arg.type == e.type || e.type == Type::Bool) return false;
    return e.type == Type::String || arg.type == Type::String;
  }
  if (e.kind != BoundExpr::Kind::Call) return false;
  switch (e.func) {
    case BuiltinFunc::Len:
    case BuiltinFunc::Contains:
    case BuiltinFunc::StartsWith:
    case BuiltinFunc::EndsWith:
    case BuiltinFunc::Abs:
    case BuiltinFunc::Round:
    case BuiltinFunc::Floor:
    case BuiltinFunc::Ceil:
      return false;
    case BuiltinFunc::Min:
    case BuiltinFunc::Max:
      return e.type == Type::String;
    case BuiltinFunc::ToInt:
    case BuiltinFunc::ToFloat:
      return e.args[0].type == Type::String;
    default:
      return true;
  }
}

const std::vector<HelperSymbol>& helperSymbols() {
  static const std::vector<HelperSymbol> symbols = {
      {"popper_rt_call", reinterpret_cast<void*>(&popper_rt_call)},
      {"popper_rt_const", reinterpret_cast<void*>(&popper_rt_const)},
      {"popper_rt_concat", reinterpret_cast<void*>(&popper_rt_concat)},
      {"popper_rt_compare", reinterpret_cast<void*>(&popper_rt_compare)},
      {"popper_rt_len", reinterpret_cast<void*>(&popper_rt_len)},
      {"popper_rt_contains", reinterpret_cast<void*>(&popper_rt_contains)},
      {"popper_rt_starts_with", reinterpret_cast<void*>(&popper_rt_starts_with)},
      {"popper_rt_ends_with", reinterpret_cast<void*>(&popper_rt_ends_with)},
  };
  return symbols;
}

}  // namespace popper::jit

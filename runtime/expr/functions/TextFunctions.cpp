// len, lower, upper, trim: per-string transformations, by UTF-8 character.
#include "runtime/expr/Functions.h"
#include "runtime/expr/functions/Utf8.h"

namespace popper {

void fnLen(const FunctionCall& c) {
  const auto& s = c.args[0].strings;
  c.out.ints.resize(c.n);
  for (size_t i = 0; i < c.n; ++i) c.out.ints[i] = static_cast<int64_t>(utf8::length(s[i]));
}

namespace {
template <size_t (*Map)(std::string_view, char*)>
void mapStrings(const FunctionCall& c) {
  const auto& s = c.args[0].strings;
  c.out.strings.resize(c.n);
  for (size_t i = 0; i < c.n; ++i) {
    char* p = c.arena.allocate(s[i].size());
    size_t used = Map(s[i], p);
    c.arena.shrinkLast(s[i].size() - used);
    c.out.strings[i] = std::string_view(p, used);
  }
}

bool isAsciiSpace(char ch) { return ch == ' ' || (ch >= '\t' && ch <= '\r'); }
}  // namespace

void fnLower(const FunctionCall& c) { mapStrings<utf8::mapLower>(c); }
void fnUpper(const FunctionCall& c) { mapStrings<utf8::mapUpper>(c); }

void fnTrim(const FunctionCall& c) {
  const auto& s = c.args[0].strings;
  c.out.strings.resize(c.n);
  for (size_t i = 0; i < c.n; ++i) {
    std::string_view v = s[i];
    while (!v.empty() && isAsciiSpace(v.front())) v.remove_prefix(1);
    while (!v.empty() && isAsciiSpace(v.back())) v.remove_suffix(1);
    c.out.strings[i] = v;  // a view of the input: no copy
  }
}

}  // namespace popper

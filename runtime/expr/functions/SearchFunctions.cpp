// contains, starts_with, ends_with, replace: substring search on bytes (UTF-8
// is self-synchronising, so byte search finds exactly the character matches).
#include <string>

#include "runtime/expr/Functions.h"

namespace popper {

namespace {
template <typename Test>
void testStrings(const FunctionCall& c, Test test) {
  const auto& s = c.args[0].strings;
  const auto& t = c.args[1].strings;
  c.out.bools.resize(c.n);
  for (size_t i = 0; i < c.n; ++i) c.out.bools[i] = test(s[i], t[i]) ? 1 : 0;
}
}  // namespace

void fnContains(const FunctionCall& c) {
  testStrings(c, [](std::string_view s, std::string_view t) { return s.find(t) != std::string_view::npos; });
}
void fnStartsWith(const FunctionCall& c) {
  testStrings(c, [](std::string_view s, std::string_view t) { return s.starts_with(t); });
}
void fnEndsWith(const FunctionCall& c) {
  testStrings(c, [](std::string_view s, std::string_view t) { return s.ends_with(t); });
}

void fnReplace(const FunctionCall& c) {
  const auto& s = c.args[0].strings;
  const auto& from = c.args[1].strings;
  const auto& to = c.args[2].strings;
  c.out.strings.resize(c.n);
  std::string buf;
  for (size_t i = 0; i < c.n; ++i) {
    std::string_view v = s[i], f = from[i];
    size_t hit = f.empty() ? std::string_view::npos : v.find(f);
    if (hit == std::string_view::npos) {
      c.out.strings[i] = v;
      continue;
    }
    buf.clear();
    size_t pos = 0;
    while (hit != std::string_view::npos) {
      buf.append(v.substr(pos, hit - pos));
      buf.append(to[i]);
      pos = hit + f.size();
      hit = v.find(f, pos);
    }
    buf.append(v.substr(pos));
    c.out.strings[i] = c.arena.store(buf);
  }
}

}  // namespace popper

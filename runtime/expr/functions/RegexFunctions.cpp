// matches(s, pattern): RE2 partial match. Compiled patterns are cached per
// call site (most patterns are constants, so one compile per run).
#include <re2/re2.h>

#include <map>
#include <memory>
#include <string>

#include "runtime/expr/Functions.h"

namespace popper {

namespace {
struct RegexCache : FunctionState {
  static constexpr size_t kMaxEntries = 256;  // bounds memory when patterns vary per row
  std::map<std::string, std::unique_ptr<RE2>, std::less<>> compiled;

  const RE2& get(std::string_view pattern) {
    auto it = compiled.find(pattern);
    if (it != compiled.end()) return *it->second;
    if (compiled.size() >= kMaxEntries) compiled.clear();
    RE2::Options options;
    options.set_log_errors(false);
    auto re = std::make_unique<RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
    return *compiled.emplace(std::string(pattern), std::move(re)).first->second;
  }
};
}  // namespace

void fnMatches(const FunctionCall& c) {
  if (!c.state) c.state = std::make_unique<RegexCache>();
  auto& cache = static_cast<RegexCache&>(*c.state);
  const auto& s = c.args[0].strings;
  const auto& pattern = c.args[1].strings;
  c.out.bools.resize(c.n);
  const RE2* last = nullptr;
  std::string_view lastPattern;
  for (size_t i = 0; i < c.n; ++i) {
    if (!last || pattern[i] != lastPattern) {
      last = &cache.get(pattern[i]);
      lastPattern = pattern[i];
    }
    if (!last->ok()) {
      c.out.bools[i] = 0;
      c.fail(i, "invalid regular expression '" + std::string(pattern[i]) + "': " + last->error());
      continue;
    }
    c.out.bools[i] = RE2::PartialMatch(re2::StringPiece(s[i].data(), s[i].size()), *last) ? 1 : 0;
  }
}

}  // namespace popper

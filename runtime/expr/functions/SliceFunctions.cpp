// substr and concat: building strings from pieces.
#include <algorithm>
#include <string>

#include "runtime/data/ValueText.h"
#include "runtime/expr/Functions.h"
#include "runtime/expr/functions/Utf8.h"

namespace popper {

// substr(s, start[, length]): 0-based, in characters. A negative start counts
// as 0; a start past the end or a negative length gives "".
void fnSubstr(const FunctionCall& c) {
  const auto& s = c.args[0].strings;
  const auto& start = c.args[1].ints;
  const bool hasLength = c.args.size() > 2;
  c.out.strings.resize(c.n);
  for (size_t i = 0; i < c.n; ++i) {
    std::string_view v = s[i];
    int64_t from = std::max<int64_t>(start[i], 0);
    size_t b = utf8::offsetOf(v, static_cast<size_t>(from));
    std::string_view rest = v.substr(b);
    if (hasLength) {
      int64_t len = c.args[2].ints[i];
      if (len <= 0)
        rest = {};
      else
        rest = rest.substr(0, utf8::offsetOf(rest, static_cast<size_t>(len)));
    }
    c.out.strings[i] = rest;  // a view of the input: no copy
  }
}

void fnConcat(const FunctionCall& c) {
  c.out.strings.resize(c.n);
  std::string buf;
  for (size_t i = 0; i < c.n; ++i) {
    buf.clear();
    for (const Column& arg : c.args) appendValueText(buf, cellAt(arg, i));
    c.out.strings[i] = c.arena.store(buf);
  }
}

}  // namespace popper

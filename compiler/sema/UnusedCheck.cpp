// "rowset 'x' is never used" warnings.
#include "compiler/sema/UnusedCheck.h"

#include <fmt/format.h>

#include <algorithm>

namespace popper::sema {

void warnUnusedRowsets(SemaContext& ctx) {
  std::vector<const std::pair<const std::string, NamedRowset>*> unused;
  for (const auto& entry : ctx.rowsets)
    if (!entry.second.used && !ctx.stateOf(entry.second.id).isHandle) unused.push_back(&entry);
  std::sort(unused.begin(), unused.end(), [](const auto* a, const auto* b) {
    return a->second.nameRange.begin < b->second.nameRange.begin;
  });
  for (const auto* entry : unused)
    ctx.diags.warning(entry->second.nameRange, fmt::format("rowset '{}' is never used", entry->first));
}

}  // namespace popper::sema

// Checking an operator call's declared back edges (see DeclaredBackEdgeCheck.h).
#include "compiler/sema/DeclaredBackEdgeCheck.h"

#include <fmt/format.h>

namespace popper::sema {

void checkDeclaredBackEdges(SemaContext& ctx, const BoundOpCall& call, RelId input,
                            const std::string& inputDisplay) {
  if (!call.signature) return;
  std::set<RelId> upstream;
  if (input >= 0) {
    upstream = ctx.ancestors(input);
    upstream.insert(input);
  }
  std::set<std::string> checked;
  for (const DeclaredBackEdge& edge : call.signature->backEdges) {
    const BoundArg* arg = call.arg(edge.targetArg);
    // An omitted optional target means the operator emits nothing on that edge;
    // a mistyped one was reported when the argument was bound.
    if (!arg || arg->isColumn || arg->value.type() != Type::String) continue;
    if (!checked.insert(edge.targetArg).second) continue;  // several actions through one argument
    const std::string& target = arg->value.asString();
    auto it = ctx.rowsets.find(target);
    if (it == ctx.rowsets.end()) {
      if (auto later = ctx.definedLater.find(target); later != ctx.definedLater.end()) {
        ctx.diags.error(arg->range,
                        fmt::format("back edge target '{}' of '{}' is neither {} nor upstream of it", target,
                                    call.op, inputDisplay));
        ctx.diags.note(later->second, fmt::format("'{}' is defined here, after the PROCESS", target));
        continue;
      }
      ctx.reportUndefinedRowset(ast::Ident{target, arg->range}, "back edge target rowset");
      continue;
    }
    it->second.used = true;
    if (it->second.id < 0 || input < 0) continue;  // already reported
    if (!upstream.count(it->second.id))
      ctx.diags.error(arg->range,
                      fmt::format("back edge target '{}' of '{}' is neither {} nor upstream of it", target,
                                  call.op, inputDisplay));
  }
}

}  // namespace popper::sema

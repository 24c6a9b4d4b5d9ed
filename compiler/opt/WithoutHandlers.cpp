// HANDLE -> pass-through (see WithoutHandlers.h).
#include "compiler/opt/WithoutHandlers.h"

#include "compiler/plan/ExprUtil.h"

namespace popper::opt {

BoundProgram withoutHandlers(BoundProgram program) {
  for (BoundRelation& rel : program.relations) {
    const auto* handle = std::get_if<BoundHandle>(&rel.node);
    if (!handle) continue;
    // A handler's schema is its source's, so SELECT * over the source.
    BoundSelect passThrough;
    passThrough.input = handle->input;
    for (size_t c = 0; c < rel.schema.size(); ++c)
      passThrough.projections.push_back(plan::makeColumn(static_cast<int>(c), rel.schema[c].type));
    rel.node = std::move(passThrough);
  }
  return program;
}

}  // namespace popper::opt

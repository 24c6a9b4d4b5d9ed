// The `dead` pass: removes nodes whose rows reach no Output, no Handle and no
// back-edge target. A Handle has effects and is never removed; a back-edge
// target (and so all it reads) is kept because handlers inject rows into it;
// a PROCESS whose operator declares back edges is kept for the same reason.
#include "compiler/opt/GraphEdit.h"
#include "compiler/opt/Passes.h"

namespace popper::opt {

using namespace plan;

void deadPass(Dataflow& flow, ChangeLog& log) {
  std::vector<bool> live(flow.size(), false);
  std::vector<NodeId> todo;
  auto keep = [&](NodeId id) {
    if (!live[static_cast<size_t>(id)]) {
      live[static_cast<size_t>(id)] = true;
      todo.push_back(id);
    }
  };
  for (const PlanNode& n : flow.nodes)
    if (n.is<OutputNode>() || n.is<HandleNode>()) keep(n.id);
  for (const BackEdge& b : flow.backEdges) {
    keep(b.from);
    keep(b.to);
  }
  while (!todo.empty()) {
    NodeId id = todo.back();
    todo.pop_back();
    for (NodeId in : flow.node(id).inputs) keep(in);
  }
  std::vector<bool> remove(flow.size(), false);
  bool any = false;
  for (const PlanNode& n : flow.nodes)
    if (!live[static_cast<size_t>(n.id)]) {
      remove[static_cast<size_t>(n.id)] = true;
      any = true;
      log.push_back("removed " + describe(n) + " (reaches no output or handler)");
    }
  if (any) flow.erase(remove);
}

}  // namespace popper::opt

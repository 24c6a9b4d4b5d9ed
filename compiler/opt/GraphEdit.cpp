// Graph edits shared by the passes (see GraphEdit.h).
#include "compiler/opt/GraphEdit.h"

namespace popper::opt {

std::string describe(const plan::PlanNode& node) {
  std::string out = std::string(plan::nodeKindName(node.kind())) + " #" + std::to_string(node.id);
  if (!node.name.empty()) out += " " + node.name;
  return out;
}

void replaceUses(plan::Dataflow& flow, plan::NodeId old, plan::NodeId replacement) {
  for (plan::PlanNode& n : flow.nodes)
    for (plan::NodeId& in : n.inputs)
      if (in == old) in = replacement;
}

std::vector<int> consumerCounts(const plan::Dataflow& flow) {
  std::vector<int> counts(flow.size(), 0);
  for (const plan::PlanNode& n : flow.nodes)
    for (plan::NodeId in : n.inputs) ++counts[static_cast<size_t>(in)];
  return counts;
}

}  // namespace popper::opt

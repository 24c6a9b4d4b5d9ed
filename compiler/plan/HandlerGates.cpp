// Finding the handlers that gate retractions (see HandlerGates.h).
#include "compiler/plan/HandlerGates.h"

#include <algorithm>

namespace popper::plan {
namespace {

bool isRowWise(const PlanNode& node) {
  return node.is<FilterNode>() || node.is<ProjectNode>() || node.is<PipelineNode>();
}

bool gates(const Dataflow& flow, const PlanNode& handle) {
  const auto& h = handle.as<HandleNode>();
  if (h.actions.empty() || handle.inputs.size() != 1) return false;
  // The chain from h's input up to its extractor. Other consumers of chain
  // nodes do not matter: what reaches h is still one image per chain row.
  std::vector<NodeId> chain;
  NodeId at = handle.inputs[0];
  while (true) {
    chain.push_back(at);
    const PlanNode& node = flow.node(at);
    if (node.is<ExtractNode>()) break;
    if (!isRowWise(node) || node.inputs.size() != 1) return false;
    at = node.inputs[0];
  }
  auto inChain = [&](NodeId id) { return std::find(chain.begin(), chain.end(), id) != chain.end(); };
  for (const HandleAction& a : h.actions) {
    bool rowAction = a.kind == ast::ActionKind::EditSet || a.kind == ast::ActionKind::Append ||
                     a.kind == ast::ActionKind::Delete;
    if (!rowAction || !inChain(a.target)) return false;
  }
  for (const BackEdge& b : flow.backEdges) {
    if (b.from == handle.id && !inChain(b.to)) return false;
    if (b.from != handle.id && inChain(b.to)) return false;
  }
  return true;
}

}  // namespace

std::vector<bool> findGatingHandlers(const Dataflow& flow) {
  std::vector<bool> result(flow.size(), false);
  for (const PlanNode& node : flow.nodes)
    if (node.is<HandleNode>()) result[static_cast<size_t>(node.id)] = gates(flow, node);
  return result;
}

}  // namespace popper::plan

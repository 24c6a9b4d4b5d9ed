// Finding the handlers that gate retractions (see HandlerGates.h).
#include "compiler/plan/HandlerGates.h"

#include <algorithm>

namespace popper::plan {
namespace {

bool isRowWise(const PlanNode& node) {
  return node.is<FilterNode>() || node.is<ProjectNode>() || node.is<PipelineNode>();
}

}  // namespace

bool gatesRetractions(const Dataflow& flow, NodeId id) {
  const PlanNode& handle = flow.node(id);
  if (!handle.is<HandleNode>()) return false;
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
  auto inChain = [&](NodeId n) { return std::find(chain.begin(), chain.end(), n) != chain.end(); };
  for (const HandleAction& a : h.actions) {
    bool rowAction = a.kind == ast::ActionKind::EditSet || a.kind == ast::ActionKind::Append ||
                     a.kind == ast::ActionKind::Delete;
    if (!rowAction || !inChain(a.target)) return false;
  }
  for (const BackEdge& b : flow.backEdges) {
    if (b.from == id && !inChain(b.to)) return false;
    if (b.from != id && inChain(b.to)) return false;
  }
  return true;
}

bool streamsCorrections(const Dataflow& flow) {
  if (flow.backEdges.empty()) return false;
  std::vector<bool> gate(flow.size(), false), reached(flow.size(), false);
  for (const BackEdge& b : flow.backEdges) {
    if (gate[static_cast<size_t>(b.from)]) continue;  // (a handler has a back edge per action)
    if (!gatesRetractions(flow, b.from)) return false;
    gate[static_cast<size_t>(b.from)] = true;
  }
  size_t gates = 0;
  for (const PlanNode& node : flow.nodes) {
    if (!gate[static_cast<size_t>(node.id)]) continue;
    if (++gates > kMaxStreamingGates) return false;
    const auto& h = node.as<HandleNode>();
    NodeId target = h.actions.front().target;
    for (const HandleAction& a : h.actions) {
      bool replaces = a.kind == ast::ActionKind::EditSet || a.kind == ast::ActionKind::Delete;
      if (!replaces || a.target != target) return false;
    }
    reached[static_cast<size_t>(target)] = true;
  }
  // What else reads a chain runs in the waves and ends up the same whenever
  // the corrections arrive, except a Changelog, whose bytes are the order in
  // which they arrived.
  for (const PlanNode& node : flow.nodes) {
    size_t i = static_cast<size_t>(node.id);
    for (NodeId in : node.inputs)
      if (reached[static_cast<size_t>(in)] && !gate[i]) reached[i] = true;
    if (reached[i] && node.is<OutputNode>() && node.as<OutputNode>().outputter.op == "Changelog")
      return false;
  }
  return true;
}

std::vector<bool> findGatingHandlers(const Dataflow& flow) {
  std::vector<bool> result(flow.size(), false);
  for (const PlanNode& node : flow.nodes)
    result[static_cast<size_t>(node.id)] = gatesRetractions(flow, node.id);
  return result;
}

}  // namespace popper::plan

// Finding the handlers that gate retractions (see HandlerGates.h).
#include "compiler/plan/HandlerGates.h"

#include <algorithm>

namespace popper::plan {
namespace {

bool isRowWise(const PlanNode& node) {
  return node.is<FilterNode>() || node.is<ProjectNode>() || node.is<PipelineNode>();
}

}  // namespace

// Nodes reachable from a back-edge target (the targets included).
std::vector<bool> reachedByCorrections(const Dataflow& flow) {
  std::vector<bool> reached(flow.size(), false);
  for (const BackEdge& b : flow.backEdges) reached[static_cast<size_t>(b.to)] = true;
  for (const PlanNode& node : flow.nodes)  // inputs come first in the node vector
    for (NodeId in : node.inputs)
      if (reached[static_cast<size_t>(in)]) reached[static_cast<size_t>(node.id)] = true;
  return reached;
}

GateSpine gateSpine(const Dataflow& flow, NodeId id) {
  GateSpine spine;
  const PlanNode& handle = flow.node(id);
  if (!handle.is<HandleNode>()) return spine;
  const auto& h = handle.as<HandleNode>();
  if (h.actions.empty() || handle.inputs.size() != 1) return spine;
  // The spine from h's input up to its extractor. Other consumers of spine
  // nodes do not matter: what reaches h is still the images of its anchors.
  std::vector<bool> reached = reachedByCorrections(flow);
  size_t topSegment = 0;  // spine.nodes[topSegment..] is above every join
  NodeId at = handle.inputs[0];
  while (true) {
    spine.nodes.push_back(at);
    const PlanNode& node = flow.node(at);
    if (node.is<ExtractNode>()) break;
    if (node.is<JoinNode>() && node.inputs.size() == 2 && !reached[static_cast<size_t>(node.inputs[1])]) {
      spine.joins.push_back(at);
      topSegment = spine.nodes.size();
      at = node.inputs[0];
      continue;
    }
    if (!isRowWise(node) || node.inputs.size() != 1) return spine;
    at = node.inputs[0];
  }
  auto inSpine = [&](NodeId n) {
    return std::find(spine.nodes.begin(), spine.nodes.end(), n) != spine.nodes.end();
  };
  auto inTop = [&](NodeId n) {
    return std::find(spine.nodes.begin() + static_cast<long>(topSegment), spine.nodes.end(), n) !=
           spine.nodes.end();
  };
  for (const HandleAction& a : h.actions) {
    bool rowAction = a.kind == ast::ActionKind::EditSet || a.kind == ast::ActionKind::Delete ||
                     (a.kind == ast::ActionKind::Append && spine.joins.empty());
    if (!rowAction || !inTop(a.target)) return spine;
  }
  for (const BackEdge& b : flow.backEdges) {
    if (b.from == id && !inTop(b.to)) return spine;
    if (b.from != id && inSpine(b.to)) return spine;
  }
  spine.gates = true;
  return spine;
}

bool gatesRetractions(const Dataflow& flow, NodeId id) { return gateSpine(flow, id).gates; }

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

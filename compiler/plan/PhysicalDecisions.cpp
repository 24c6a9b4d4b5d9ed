// Deciding streaming outputs, order keys, blocking edges, build/probe joins,
// the waves and the gates' id sources (see PhysicalDecisions.h).
#include "compiler/plan/PhysicalDecisions.h"

#include "compiler/plan/HandlerGates.h"

namespace popper::plan {
namespace {

// True if rows leave `n` in canonical order when each operator handles its
// input in arrival order (FIFO, one message at a time). Inputs come first in
// the node vector, so one pass in id order suffices.
bool leavesInOrder(const PlanNode& node, const PhysicalDecisions& a) {
  auto input = [&](int port) {
    return a.inOrder[static_cast<size_t>(node.inputs[static_cast<size_t>(port)])];
  };
  switch (node.kind()) {
    case NodeKind::Extract:
    case NodeKind::Empty:
      return true;
    case NodeKind::Aggregate:
    case NodeKind::Reduce:
      return a.blockingInput[static_cast<size_t>(node.id)];
    case NodeKind::Filter:
    case NodeKind::Project:
    case NodeKind::Pipeline:
    case NodeKind::Process:
      return input(0);
    case NodeKind::Join:
      return a.buildProbe[static_cast<size_t>(node.id)] && input(0);
    default:
      return false;
  }
}

}  // namespace

PhysicalDecisions decidePhysical(const Dataflow& flow, const AuxGraph& aux) {
  size_t n = flow.size();
  PhysicalDecisions a;
  a.streaming.assign(n, false);
  a.needKeys.assign(n, false);
  a.blockingInput.assign(n, false);
  a.source.assign(n, "");
  a.rejectName.assign(n, "");
  a.buildProbe.assign(n, false);
  a.inOrder.assign(n, false);
  auto consumers = flow.consumers();
  a.affected.assign(n, false);
  for (const BackEdge& b : flow.backEdges) a.affected[static_cast<size_t>(b.to)] = true;
  // A gating handler (plan/HandlerGates.h) is in the waves, what it feeds is
  // not: it forwards insertions only, in canonical order.
  for (const PlanNode& node : flow.nodes)  // inputs come first in the node vector
    for (NodeId in : node.inputs)
      if (a.affected[static_cast<size_t>(in)] && !aux.gates[static_cast<size_t>(in)])
        a.affected[static_cast<size_t>(node.id)] = true;
  for (const PlanNode& node : flow.nodes) {
    size_t i = static_cast<size_t>(node.id);
    if (!node.inputs.empty()) {
      const EdgeInfo* edge = aux.edgeInto(node.id, 0);
      a.blockingInput[i] = edge && edge->blocking;
    }
    if (node.is<JoinNode>()) {
      const EdgeInfo* left = aux.edgeInto(node.id, 0);
      const EdgeInfo* right = aux.edgeInto(node.id, 1);
      // In the waves, end markers reach a join only from inputs outside
      // them: it can build its right side first if that side is outside the
      // waves and insert-only. Then a left retraction (a correction) probes
      // the complete, unchanged right side and so retracts exactly the pairs
      // its insertion emitted, and the left side is never stored.
      bool rightOutside = node.inputs.size() > 1 && !a.affected[static_cast<size_t>(node.inputs[1])];
      a.buildProbe[i] =
          left && right && !right->changes.deletes && (a.affected[i] ? rightOutside : !left->changes.deletes);
    }
    // Injected rows arrive late: nothing in the waves leaves in canonical order.
    a.inOrder[i] = (leavesInOrder(node, a) && !a.affected[i]) || aux.gates[i];
    if (node.is<ExtractNode>())
      a.source[i] = node.as<ExtractNode>().path;
    else if (!node.inputs.empty())
      a.source[i] = a.source[static_cast<size_t>(node.inputs[0])];
    a.rejectName[i] = node.name;
  }
  // Unnamed nodes (an inline SELECT, a fused step) take the name of the
  // nearest named node they feed, else their input's.
  for (size_t i = n; i-- > 0;) {
    if (!a.rejectName[i].empty()) continue;
    for (const ForwardEdge& e : consumers[i])
      if (!a.rejectName[static_cast<size_t>(e.to)].empty() && !flow.node(e.to).is<OutputNode>()) {
        a.rejectName[i] = a.rejectName[static_cast<size_t>(e.to)];
        break;
      }
  }
  for (size_t i = 0; i < n; ++i)
    if (a.rejectName[i].empty() && !flow.nodes[i].inputs.empty())
      a.rejectName[i] = a.rejectName[static_cast<size_t>(flow.nodes[i].inputs[0])];

  for (const PlanNode& node : flow.nodes) {
    if (!node.is<OutputNode>()) continue;
    const auto& out = node.as<OutputNode>();
    bool noRetractions = !aux.deleteLive.at(static_cast<size_t>(node.id));
    a.streaming[static_cast<size_t>(node.id)] =
        noRetractions && out.orderBy.empty() && out.outputter.op != "Changelog" &&
        a.inOrder[static_cast<size_t>(node.inputs[0])] && !a.affected[static_cast<size_t>(node.id)];
  }
  for (size_t i = n; i-- > 0;) {
    for (const ForwardEdge& e : consumers[i]) {
      const PlanNode& c = flow.node(e.to);
      size_t ci = static_cast<size_t>(e.to);
      bool need = false;
      switch (c.kind()) {
        case NodeKind::Output:
          // A sorted output whose insert-only input arrives in canonical
          // order uses arrival order for its ties: no keys needed.
          need = !a.streaming[ci] &&
                 !(a.inOrder[i] && !aux.deleteLive.at(ci) && c.as<OutputNode>().outputter.op != "Changelog");
          break;
        case NodeKind::Join:
          // Build/probe: the right side needs keys only to put matches in
          // canonical order when it does not arrive in that order.
          need = !a.buildProbe[ci] || a.needKeys[ci] || (e.port == 1 && !a.inOrder[i]);
          break;
        case NodeKind::Reduce:
        case NodeKind::Combine:
          need = true;
          break;
        case NodeKind::Aggregate:
          need = false;
          break;  // groups are keyed by their values
        default:
          need = a.needKeys[ci];
          break;
      }
      if (need) a.needKeys[i] = true;
    }
  }
  a.streamsCorrections = streamsCorrections(flow);
  a.injectSourceOffset.assign(n, 0);
  if (a.streamsCorrections) {
    uint32_t later = 0;  // gates after this node
    for (size_t i = n; i-- > 0;) {
      if (!aux.gates[i]) continue;
      a.injectSourceOffset[i] = later;
      ++later;
    }
  }
  a.anchorJoin.assign(n, false);
  a.anchoredGate.assign(n, false);
  for (const PlanNode& node : flow.nodes) {
    if (!aux.gates[static_cast<size_t>(node.id)]) continue;
    GateSpine spine = gateSpine(flow, node.id);
    for (NodeId j : spine.joins) a.anchorJoin[static_cast<size_t>(j)] = true;
    a.anchoredGate[static_cast<size_t>(node.id)] = !spine.joins.empty();
  }
  a.targetOverrides.assign(n, false);
  for (const BackEdge& b : flow.backEdges) {
    const PlanNode& t = flow.node(b.to);
    bool once = t.is<ExtractNode>() ||
                ((t.is<FilterNode>() || t.is<ProjectNode>() || t.is<PipelineNode>() || t.is<ProcessNode>()) &&
                 t.inputs.size() == 1 && !aux.deleteLive.at(static_cast<size_t>(t.inputs[0])));
    a.targetOverrides[static_cast<size_t>(b.to)] = !once && !a.streamsCorrections;
  }
  a.recordLineage.assign(n, false);
  for (const PlanNode& node : flow.nodes)
    a.recordLineage[static_cast<size_t>(node.id)] =
        node.keepLineage && !a.anchorJoin[static_cast<size_t>(node.id)];
  return a;
}

}  // namespace popper::plan

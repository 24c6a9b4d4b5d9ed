// Builds the auxiliary graph: SCCs, blocking edges, o+/o- parts and their
// liveness, and the forward edges' labels (see AuxGraph.h).
#include "compiler/plan/AuxGraph.h"

#include <algorithm>
#include <deque>
#include <functional>

#include "compiler/plan/HandlerGates.h"

namespace popper::plan {

Handling handlingOf(const PlanNode& consumer) {
  switch (consumer.kind()) {
    case NodeKind::Aggregate:
      return Handling::NonMonotonic;
    case NodeKind::Reduce:
    case NodeKind::Combine:
      return Handling::NonIncremental;
    default:
      return Handling::Monotonic;
  }
}

bool wantsBlocking(const PlanNode& consumer) {
  switch (consumer.kind()) {
    case NodeKind::Aggregate:
    case NodeKind::Reduce:
    case NodeKind::Combine:
      return true;
    case NodeKind::Output:
      return !consumer.as<OutputNode>().orderBy.empty();
    default:
      return false;
  }
}

std::string EdgeInfo::label() const {
  switch (handling) {
    case Handling::NonMonotonic:
      return "inm";
    case Handling::NonIncremental:
      return "ī";
    case Handling::Monotonic:
      break;
  }
  if (changes.inserts && changes.deletes) return "im±";
  if (changes.inserts) return "im+";
  if (changes.deletes) return "im-";
  return "im∅";
}

const EdgeInfo* AuxGraph::edgeInto(NodeId to, int port) const {
  for (const EdgeInfo& e : edges)
    if (e.edge.to == to && e.edge.port == port) return &e;
  return nullptr;
}

namespace {

// Tarjan's strongly connected components over forward + back edges; returns
// the component of each node, components numbered sources first.
std::vector<int> stronglyConnected(const Dataflow& flow, std::vector<bool>& inCycle) {
  size_t n = flow.size();
  std::vector<std::vector<NodeId>> succ(n);
  for (const ForwardEdge& e : flow.forwardEdges()) succ[static_cast<size_t>(e.from)].push_back(e.to);
  for (const BackEdge& e : flow.backEdges) succ[static_cast<size_t>(e.from)].push_back(e.to);

  std::vector<int> index(n, -1), low(n, 0), comp(n, -1);
  std::vector<bool> onStack(n, false);
  std::vector<NodeId> stack;
  std::vector<size_t> compSize;
  int counter = 0, components = 0;
  std::function<void(NodeId)> visit = [&](NodeId v) {
    size_t sv = static_cast<size_t>(v);
    index[sv] = low[sv] = counter++;
    stack.push_back(v);
    onStack[sv] = true;
    for (NodeId w : succ[sv]) {
      size_t sw = static_cast<size_t>(w);
      if (index[sw] < 0) {
        visit(w);
        low[sv] = std::min(low[sv], low[sw]);
      } else if (onStack[sw]) {
        low[sv] = std::min(low[sv], index[sw]);
      }
    }
    if (low[sv] == index[sv]) {
      size_t size = 0;
      NodeId w;
      do {
        w = stack.back();
        stack.pop_back();
        onStack[static_cast<size_t>(w)] = false;
        comp[static_cast<size_t>(w)] = components;
        ++size;
      } while (w != v);
      compSize.push_back(size);
      ++components;
    }
  };
  for (size_t v = 0; v < n; ++v)
    if (index[v] < 0) visit(static_cast<NodeId>(v));

  // Tarjan emits components sinks first; number them sources first instead.
  inCycle.assign(n, false);
  for (size_t v = 0; v < n; ++v) {
    inCycle[v] = compSize[static_cast<size_t>(comp[v])] > 1;
    comp[v] = components - 1 - comp[v];
  }
  return comp;
}

}  // namespace

AuxGraph buildAuxGraph(const Dataflow& flow) {
  AuxGraph aux;
  size_t n = flow.size();
  aux.component = stronglyConnected(flow, aux.inCycle);
  aux.gates = findGatingHandlers(flow);

  for (const ForwardEdge& e : flow.forwardEdges()) {
    const PlanNode& consumer = flow.node(e.to);
    EdgeInfo info;
    info.edge = e;
    info.handling = handlingOf(consumer);
    bool sameComponent =
        aux.component[static_cast<size_t>(e.from)] == aux.component[static_cast<size_t>(e.to)];
    info.blocking = wantsBlocking(consumer) && !sameComponent;
    aux.edges.push_back(info);

    aux.auxEdges.push_back({appendPart(e.from), appendPart(e.to), false});
    if (!aux.gates[static_cast<size_t>(e.to)])
      aux.auxEdges.push_back({deletePart(e.from), deletePart(e.to), false});
    if (info.handling != Handling::Monotonic) {
      // A retracted input row changes its group: the group's new row is inserted.
      aux.auxEdges.push_back({deletePart(e.from), appendPart(e.to), false});
      // Pipelined, an insertion replaces the group's earlier row; behind a
      // blocking edge the group is emitted once, after its whole input.
      if (!info.blocking) aux.auxEdges.push_back({appendPart(e.from), deletePart(e.to), false});
    }
  }
  for (const BackEdge& b : flow.backEdges) {
    if (b.label != BackEdgeLabel::Delete)
      aux.auxEdges.push_back({appendPart(b.from), appendPart(b.to), true});
    if (b.label != BackEdgeLabel::Append)
      aux.auxEdges.push_back({appendPart(b.from), deletePart(b.to), true});
  }

  // Liveness: what the extractors' insertions can reach.
  std::vector<std::vector<int>> succ(2 * n);
  for (const AuxEdge& e : aux.auxEdges) succ[static_cast<size_t>(e.from)].push_back(e.to);
  std::vector<bool> live(2 * n, false);
  std::deque<int> queue;
  for (const PlanNode& node : flow.nodes)
    if (node.is<ExtractNode>()) {
      live[static_cast<size_t>(appendPart(node.id))] = true;
      queue.push_back(appendPart(node.id));
    }
  while (!queue.empty()) {
    int part = queue.front();
    queue.pop_front();
    for (int next : succ[static_cast<size_t>(part)])
      if (!live[static_cast<size_t>(next)]) {
        live[static_cast<size_t>(next)] = true;
        queue.push_back(next);
      }
  }
  aux.appendLive.resize(n);
  aux.deleteLive.resize(n);
  for (size_t v = 0; v < n; ++v) {
    aux.appendLive[v] = live[static_cast<size_t>(appendPart(static_cast<NodeId>(v)))];
    aux.deleteLive[v] = live[static_cast<size_t>(deletePart(static_cast<NodeId>(v)))];
  }
  for (EdgeInfo& e : aux.edges) e.changes = aux.outputChanges(e.edge.from);
  return aux;
}

}  // namespace popper::plan

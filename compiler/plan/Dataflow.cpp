// Graph bookkeeping of the reactive dataflow: ids, edges, erasing and
// renumbering, and the schema each payload produces.
#include "compiler/plan/Dataflow.h"

#include <algorithm>
#include <functional>
#include <queue>
#include <stdexcept>

namespace popper::plan {

const char* nodeKindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::Extract:
      return "Extract";
    case NodeKind::Empty:
      return "Empty";
    case NodeKind::Filter:
      return "Filter";
    case NodeKind::Project:
      return "Project";
    case NodeKind::Pipeline:
      return "Pipeline";
    case NodeKind::Join:
      return "Join";
    case NodeKind::Aggregate:
      return "Aggregate";
    case NodeKind::Union:
      return "Union";
    case NodeKind::Process:
      return "Process";
    case NodeKind::Reduce:
      return "Reduce";
    case NodeKind::Combine:
      return "Combine";
    case NodeKind::Handle:
      return "Handle";
    case NodeKind::Output:
      return "Output";
  }
  return "?";
}

const char* backEdgeLabelText(BackEdgeLabel label) {
  switch (label) {
    case BackEdgeLabel::Append:
      return "+";
    case BackEdgeLabel::Delete:
      return "-";
    case BackEdgeLabel::Edit:
      return "±";
  }
  return "?";
}

BackEdgeLabel backEdgeLabelFor(ast::ActionKind kind) {
  switch (kind) {
    case ast::ActionKind::Append:
      return BackEdgeLabel::Append;
    case ast::ActionKind::Delete:
      return BackEdgeLabel::Delete;
    case ast::ActionKind::EditSet:
    case ast::ActionKind::EditUsing:
      return BackEdgeLabel::Edit;
  }
  return BackEdgeLabel::Edit;
}

NodeId Dataflow::add(PlanNode node) {
  node.id = static_cast<NodeId>(nodes.size());
  for (NodeId in : node.inputs)
    if (in < 0 || in >= node.id) throw std::logic_error("dataflow: input of a new node must already exist");
  nodes.push_back(std::move(node));
  return nodes.back().id;
}

std::vector<std::vector<ForwardEdge>> Dataflow::consumers() const {
  std::vector<std::vector<ForwardEdge>> out(nodes.size());
  for (const PlanNode& n : nodes)
    for (size_t port = 0; port < n.inputs.size(); ++port)
      out.at(static_cast<size_t>(n.inputs[port])).push_back({n.inputs[port], n.id, static_cast<int>(port)});
  return out;
}

std::vector<ForwardEdge> Dataflow::forwardEdges() const {
  std::vector<ForwardEdge> out;
  for (const PlanNode& n : nodes)
    for (size_t port = 0; port < n.inputs.size(); ++port)
      out.push_back({n.inputs[port], n.id, static_cast<int>(port)});
  return out;
}

std::vector<bool> Dataflow::backEdgeTargets() const {
  std::vector<bool> out(nodes.size(), false);
  for (const BackEdge& e : backEdges)
    if (e.to >= 0 && static_cast<size_t>(e.to) < out.size()) out[static_cast<size_t>(e.to)] = true;
  return out;
}

void Dataflow::syncBackEdges() {
  std::vector<BackEdge> rebuilt;
  for (const BackEdge& e : backEdges)
    if (e.action < 0) rebuilt.push_back(e);
  for (const PlanNode& n : nodes) {
    if (!n.is<HandleNode>()) continue;
    const auto& actions = n.as<HandleNode>().actions;
    for (size_t i = 0; i < actions.size(); ++i)
      rebuilt.push_back({n.id, actions[i].target, backEdgeLabelFor(actions[i].kind), static_cast<int>(i)});
  }
  std::stable_sort(rebuilt.begin(), rebuilt.end(), [](const BackEdge& a, const BackEdge& b) {
    return a.from != b.from ? a.from < b.from : a.action < b.action;
  });
  backEdges = std::move(rebuilt);
}

namespace {

// Applies an old-id -> new-id map to every reference in the graph.
void remapIds(Dataflow& flow, const std::vector<NodeId>& newId) {
  auto map = [&](NodeId id) {
    NodeId mapped = newId.at(static_cast<size_t>(id));
    if (mapped == kNoNode) throw std::logic_error("dataflow: a node references a removed node");
    return mapped;
  };
  for (PlanNode& n : flow.nodes) {
    n.id = map(n.id);
    for (NodeId& in : n.inputs) in = map(in);
    if (auto* h = std::get_if<HandleNode>(&n.payload))
      for (HandleAction& a : h->actions) a.target = map(a.target);
  }
  for (BackEdge& e : flow.backEdges) {
    e.from = map(e.from);
    e.to = map(e.to);
  }
}

}  // namespace

void Dataflow::erase(const std::vector<bool>& remove) {
  std::vector<NodeId> newId(nodes.size(), kNoNode);
  std::vector<PlanNode> kept;
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (i < remove.size() && remove[i]) continue;
    newId[i] = static_cast<NodeId>(kept.size());
    kept.push_back(std::move(nodes[i]));
  }
  std::erase_if(backEdges, [&](const BackEdge& e) {
    return newId.at(static_cast<size_t>(e.from)) == kNoNode || newId.at(static_cast<size_t>(e.to)) == kNoNode;
  });
  nodes = std::move(kept);
  remapIds(*this, newId);
}

void Dataflow::sortTopologically() {
  // Kahn's algorithm, always taking the smallest ready old id: stable.
  size_t n = nodes.size();
  std::vector<int> pending(n, 0);
  auto users = consumers();
  std::priority_queue<NodeId, std::vector<NodeId>, std::greater<>> ready;
  for (const PlanNode& node : nodes) {
    pending[static_cast<size_t>(node.id)] = static_cast<int>(node.inputs.size());
    if (node.inputs.empty()) ready.push(node.id);
  }
  std::vector<NodeId> order;
  order.reserve(n);
  while (!ready.empty()) {
    NodeId pick = ready.top();
    ready.pop();
    order.push_back(pick);
    for (const ForwardEdge& e : users[static_cast<size_t>(pick)])
      if (--pending[static_cast<size_t>(e.to)] == 0) ready.push(e.to);
  }
  if (order.size() < n) throw std::logic_error("dataflow: forward edges form a cycle");
  std::vector<NodeId> newId(n);
  for (size_t pos = 0; pos < n; ++pos) newId[static_cast<size_t>(order[pos])] = static_cast<NodeId>(pos);
  std::vector<PlanNode> sorted;
  sorted.reserve(n);
  for (NodeId old : order) sorted.push_back(std::move(nodes[static_cast<size_t>(old)]));
  nodes = std::move(sorted);
  remapIds(*this, newId);
}

namespace {

std::string nameOr(const Schema& hint, size_t size, size_t i, std::string fallback) {
  if (hint.size() == size) return hint[i].name;
  return fallback;
}

Schema projectSchema(const std::vector<BoundExpr>& exprs, const Schema& hint) {
  Schema out;
  for (size_t i = 0; i < exprs.size(); ++i)
    out.push_back({nameOr(hint, exprs.size(), i, "c" + std::to_string(i)), exprs[i].type, std::nullopt});
  return out;
}

}  // namespace

Schema deriveSchema(const Dataflow& flow, const std::vector<NodeId>& inputs, const NodePayload& payload,
                    const Schema& namesHint) {
  auto in = [&](size_t i) -> const Schema& { return flow.node(inputs.at(i)).schema; };
  return std::visit(
      [&](const auto& p) -> Schema {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, ExtractNode>) {
          Schema out;
          for (int c : p.readColumns) out.push_back(p.declared.at(static_cast<size_t>(c)));
          return out;
        } else if constexpr (std::is_same_v<T, EmptyNode>) {
          return namesHint;
        } else if constexpr (std::is_same_v<T, FilterNode> || std::is_same_v<T, HandleNode> ||
                             std::is_same_v<T, OutputNode> || std::is_same_v<T, UnionNode>) {
          return in(0);
        } else if constexpr (std::is_same_v<T, ProjectNode>) {
          return projectSchema(p.exprs, namesHint);
        } else if constexpr (std::is_same_v<T, PipelineNode>) {
          return p.steps.empty() ? in(0) : p.steps.back().schema;
        } else if constexpr (std::is_same_v<T, JoinNode>) {
          Schema out = in(0);
          out.insert(out.end(), in(1).begin(), in(1).end());
          return out;
        } else if constexpr (std::is_same_v<T, AggregateNode>) {
          size_t width = p.keys.size() + p.aggregates.size();
          Schema out;
          for (size_t i = 0; i < p.keys.size(); ++i) {
            const BoundExpr& k = p.keys[i];
            std::string fallback = k.kind == BoundExpr::Kind::Column && k.input == 0
                                       ? in(0).at(static_cast<size_t>(k.column)).name
                                       : "key" + std::to_string(i);
            out.push_back({nameOr(namesHint, width, i, fallback), k.type, std::nullopt});
          }
          for (size_t i = 0; i < p.aggregates.size(); ++i)
            out.push_back({nameOr(namesHint, width, p.keys.size() + i, "agg" + std::to_string(i)),
                           p.aggregates[i].type, std::nullopt});
          return out;
        } else if constexpr (std::is_same_v<T, ProcessNode>) {
          Schema out;
          for (int c : p.passthrough) out.push_back(in(0).at(static_cast<size_t>(c)));
          out.insert(out.end(), p.produce.begin(), p.produce.end());
          return out;
        } else if constexpr (std::is_same_v<T, ReduceNode> || std::is_same_v<T, CombineNode>) {
          return p.produce;
        }
      },
      payload);
}

}  // namespace popper::plan

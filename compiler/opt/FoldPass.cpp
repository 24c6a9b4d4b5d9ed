// The `fold` pass: folds every expression of the plan, drops filters that are
// always true, cuts branches whose filter is always false (the filter becomes
// an Empty node; `dead` then removes what fed it), and lets emptiness flow
// down through operators that produce nothing from nothing.
#include <algorithm>
#include <string>

#include "compiler/opt/ConstantFolding.h"
#include "compiler/opt/GraphEdit.h"
#include "compiler/opt/Passes.h"
#include "compiler/plan/ExprFormat.h"

namespace popper::opt {

using namespace plan;

namespace {

// Folds every expression a node holds; returns how many changed.
int foldNodeExprs(PlanNode& n) {
  int changed = 0;
  auto fold = [&](BoundExpr& e) { changed += foldExpr(e) ? 1 : 0; };
  std::visit(
      [&](auto& p) {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, FilterNode>) {
          fold(p.predicate);
        } else if constexpr (std::is_same_v<T, ProjectNode>) {
          for (BoundExpr& e : p.exprs) fold(e);
        } else if constexpr (std::is_same_v<T, PipelineNode>) {
          for (PipelineStep& s : p.steps) {
            if (s.kind == PipelineStep::Kind::Filter) fold(s.predicate);
            for (BoundExpr& e : s.exprs) fold(e);
          }
        } else if constexpr (std::is_same_v<T, JoinNode> || std::is_same_v<T, CombineNode>) {
          for (BoundExpr& e : p.leftKeys) fold(e);
          for (BoundExpr& e : p.rightKeys) fold(e);
        } else if constexpr (std::is_same_v<T, AggregateNode>) {
          for (BoundExpr& e : p.keys) fold(e);
          for (BoundAggregate& a : p.aggregates)
            if (a.func != AggFunc::CountStar) fold(a.arg);
        } else if constexpr (std::is_same_v<T, HandleNode>) {
          fold(p.detect);
          for (HandleAction& a : p.actions)
            for (BoundAssignment& s : a.assignments) fold(s.value);
        } else if constexpr (std::is_same_v<T, OutputNode>) {
          for (BoundOrderKey& k : p.orderBy) fold(k.expr);
        }
      },
      n.payload);
  return changed;
}

std::optional<bool> constantPredicate(const PlanNode& n) {
  if (!n.is<FilterNode>()) return std::nullopt;
  const BoundExpr& p = n.as<FilterNode>().predicate;
  if (p.kind != BoundExpr::Kind::Const) return std::nullopt;
  return p.value.asBool();
}

// An operator that yields no rows when this input yields none. A global
// aggregate (no keys) still yields its one row; handlers and outputs stay.
bool emptyPropagates(const PlanNode& n, size_t port) {
  switch (n.kind()) {
    case NodeKind::Filter:
    case NodeKind::Project:
    case NodeKind::Pipeline:
    case NodeKind::Process:
    case NodeKind::Reduce:
    case NodeKind::Join:
      return true;
    case NodeKind::Aggregate:
      return !n.as<AggregateNode>().keys.empty();
    case NodeKind::Union:
      return false;  // handled by dropping the empty input
    default:
      (void)port;
      return false;
  }
}

void makeEmpty(PlanNode& n) {
  n.payload = EmptyNode{};
  n.inputs.clear();
}

}  // namespace

void foldPass(Dataflow& flow, ChangeLog& log) {
  std::vector<bool> targets = flow.backEdgeTargets();
  std::vector<bool> remove(flow.size(), false);

  for (PlanNode& n : flow.nodes) {
    if (int changed = foldNodeExprs(n))
      log.push_back(describe(n) + ": folded " + std::to_string(changed) +
                    (changed == 1 ? " expression" : " expressions"));
  }
  for (PlanNode& n : flow.nodes) {
    // A back-edge target keeps its node: handlers inject rows into it.
    if (targets[static_cast<size_t>(n.id)]) continue;
    if (auto always = constantPredicate(n)) {
      if (*always) {
        replaceUses(flow, n.id, n.inputs[0]);
        remove[static_cast<size_t>(n.id)] = true;
        log.push_back(describe(n) + ": WHERE true, filter removed");
      } else {
        log.push_back(describe(n) + ": WHERE false, branch cut (Empty)");
        makeEmpty(n);
      }
      continue;
    }
    // Empty inputs: in id order, so emptiness made above reaches n already.
    if (n.is<UnionNode>()) {
      std::vector<NodeId> live;
      for (NodeId in : n.inputs)
        if (!flow.node(in).is<EmptyNode>()) live.push_back(in);
      if (live.size() == n.inputs.size()) continue;
      if (live.empty()) {
        log.push_back(describe(n) + ": every input is empty (Empty)");
        makeEmpty(n);
      } else {
        log.push_back(describe(n) + ": dropped " + std::to_string(n.inputs.size() - live.size()) +
                      " empty input(s)");
        n.inputs = std::move(live);
      }
      continue;
    }
    for (size_t port = 0; port < n.inputs.size(); ++port) {
      if (flow.node(n.inputs[port]).is<EmptyNode>() && emptyPropagates(n, port)) {
        std::string was = describe(n);
        makeEmpty(n);
        log.push_back(was + ": reads an empty input (Empty)");
        break;
      }
    }
  }
  if (std::find(remove.begin(), remove.end(), true) != remove.end()) flow.erase(remove);
}

}  // namespace popper::opt

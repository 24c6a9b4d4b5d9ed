// The `pushdown` pass: moves a filter's conjuncts below the operator it reads
// when they only need columns that exist there, so rows are dropped before
// costly work (model calls in a PROCESS, join probes):
//  - a row-wise PROCESS (the conjuncts read only passed-through columns),
//  - a UNION (the whole filter is copied to each input),
//  - one side of a JOIN (the conjuncts read only that side),
//  - a projection that only renames or reorders the columns read.
// Never below a back-edge target (handlers inject rows there and those rows
// must meet the filter as before), never across a Handle, never below a node
// that other consumers read too. Row errors stay the same: below an operator
// that can drop rows, only conjuncts that cannot raise move, and only when no
// conjunct evaluated before them stays behind and can raise.
#include <functional>

#include "compiler/opt/GraphEdit.h"
#include "compiler/opt/Passes.h"
#include "compiler/plan/ExprFormat.h"
#include "compiler/plan/ExprUtil.h"

namespace popper::opt {

using namespace plan;

namespace {

struct Split {
  std::vector<BoundExpr> pushed;
  std::vector<BoundExpr> kept;
};

// Picks the conjuncts that may move below (see the file comment).
Split splitPredicate(const BoundExpr& predicate, const std::function<bool(const BoundExpr&)>& available,
                     bool rowPreserving) {
  Split s;
  bool blocked = false;
  for (BoundExpr& c : splitConjuncts(predicate)) {
    bool raises = canRaise(c);
    if (!blocked && available(c) && (rowPreserving || !raises)) {
      s.pushed.push_back(std::move(c));
    } else {
      if (raises) blocked = true;
      s.kept.push_back(std::move(c));
    }
  }
  return s;
}

class Pushdown {
 public:
  Pushdown(Dataflow& flow, ChangeLog& log) : flow_(flow), log_(log) {}

  void run() {
    // Each move takes a filter strictly closer to the sources, so this ends.
    // Node order is restored once at the end: moves only relink ids.
    bool moved = false;
    while (step()) moved = true;
    if (moved) flow_.sortTopologically();
  }

 private:
  bool step() {
    std::vector<bool> targets = flow_.backEdgeTargets();
    std::vector<int> counts = consumerCounts(flow_);
    bool any = false;
    for (size_t i = 0; i < flow_.size(); ++i) {
      // A filter that moved whole keeps its id: try to take it further at once.
      while (true) {
        const PlanNode& f = flow_.nodes[i];
        if (!f.is<FilterNode>() || targets[i]) break;
        NodeId below = f.inputs[0];
        if (targets[static_cast<size_t>(below)] || counts[static_cast<size_t>(below)] != 1) break;
        size_t before = flow_.size();
        Outcome outcome = tryBelow(f.id, below);
        if (outcome == Outcome::None) break;
        any = true;
        if (outcome != Outcome::Relinked || flow_.size() != before) return true;  // ids changed: rescan
        // Relinked: `below` now feeds the filter's old consumers, the filter feeds only `below`.
        counts[static_cast<size_t>(below)] = counts[i];
        counts[i] = 1;
      }
    }
    return any;
  }

  enum class Outcome { None, Relinked, Rebuilt };

  Outcome tryBelow(NodeId filterId, NodeId belowId) {
    const PlanNode& below = flow_.node(belowId);
    switch (below.kind()) {
      case NodeKind::Process: {
        const ProcessNode& p = below.as<ProcessNode>();
        if (!p.rowWise) return Outcome::None;
        std::vector<int> map(below.schema.size(), -1);
        for (size_t k = 0; k < p.passthrough.size(); ++k) map[k] = p.passthrough[k];
        return moveInto(filterId, belowId, {{0, map}}, false);
      }
      case NodeKind::Project: {
        const ProjectNode& p = below.as<ProjectNode>();
        std::vector<int> map(p.exprs.size(), -1);
        for (size_t k = 0; k < p.exprs.size(); ++k)
          if (p.exprs[k].kind == BoundExpr::Kind::Column && p.exprs[k].input == 0) map[k] = p.exprs[k].column;
        return moveInto(filterId, belowId, {{0, map}}, true);
      }
      case NodeKind::Join: {
        size_t leftWidth = flow_.node(below.inputs[0]).schema.size();
        std::vector<int> left(below.schema.size(), -1), right(below.schema.size(), -1);
        for (size_t k = 0; k < below.schema.size(); ++k)
          (k < leftWidth ? left[k] : right[k]) = static_cast<int>(k < leftWidth ? k : k - leftWidth);
        return moveInto(filterId, belowId, {{0, left}, {1, right}}, false);
      }
      case NodeKind::Union: {
        std::vector<int> identity(below.schema.size());
        for (size_t k = 0; k < identity.size(); ++k) identity[k] = static_cast<int>(k);
        std::vector<std::pair<size_t, std::vector<int>>> ports;
        for (size_t port = 0; port < below.inputs.size(); ++port) ports.push_back({port, identity});
        return moveInto(filterId, belowId, ports, true, /*copyToEveryPort=*/true);
      }
      default:
        return Outcome::None;
    }
  }

  // Moves the conjuncts that map (through `map`, -1: not available) onto an
  // input port of `below` into a new filter on that port.
  Outcome moveInto(NodeId filterId, NodeId belowId,
                   const std::vector<std::pair<size_t, std::vector<int>>>& ports, bool rowPreserving,
                   bool copyToEveryPort = false) {
    BoundExpr remaining = flow_.node(filterId).as<FilterNode>().predicate;
    std::string filterName = describe(flow_.node(filterId));
    std::string belowName = describe(flow_.node(belowId));
    const Schema belowSchema = flow_.node(belowId).schema;
    bool moved = false;
    std::vector<BoundExpr> rest;
    for (size_t i = 0; i < ports.size(); ++i) {
      // Not a structured binding: the lambda below captures `map` (clang 14 cannot capture one).
      const auto& port = ports[i].first;
      const auto& map = ports[i].second;
      auto available = [&](const BoundExpr& c) {
        return readsOnly(c, [&](int col) {
          return col >= 0 && static_cast<size_t>(col) < map.size() && map[static_cast<size_t>(col)] >= 0;
        });
      };
      Split split = splitPredicate(remaining, available, rowPreserving);
      if (split.pushed.empty()) continue;
      BoundExpr pushed = joinConjuncts(std::move(split.pushed));
      std::string text = formatExpr(pushed, belowSchema);
      remapColumns(pushed, map);
      if (split.kept.empty() && !copyToEveryPort) {
        // The whole filter moves: relink it below instead of copying it.
        relink(filterId, belowId, port, std::move(pushed));
        log_.push_back(filterName + ": " + text + " moved below " + belowName +
                       (ports.size() > 1 ? (port == 0 ? " (left side)" : " (right side)") : ""));
        return Outcome::Relinked;
      }
      insertFilter(belowId, port, std::move(pushed), flow_.node(filterId).range);
      log_.push_back(
          filterName + ": " + text + " moved below " + belowName +
          (ports.size() > 1 && !copyToEveryPort ? (port == 0 ? " (left side)" : " (right side)") : "") +
          (copyToEveryPort ? " (input " + std::to_string(port) + ")" : ""));
      moved = true;
      if (!copyToEveryPort)
        remaining = joinConjuncts(std::move(split.kept));
      else if (i + 1 == ports.size())
        remaining = joinConjuncts(std::move(split.kept));
    }
    if (!moved) return Outcome::None;
    PlanNode& f = flow_.node(filterId);
    if (remaining.kind == BoundExpr::Kind::Const && remaining.type == Type::Bool &&
        remaining.value.asBool()) {
      replaceUses(flow_, filterId, f.inputs[0]);
      std::vector<bool> remove(flow_.size(), false);
      remove[static_cast<size_t>(filterId)] = true;
      flow_.erase(remove);
    } else {
      f.as<FilterNode>().predicate = std::move(remaining);
    }
    return Outcome::Rebuilt;
  }

  // Puts the filter between `below` and its input `port`; the filter's
  // consumers read `below` instead.
  void relink(NodeId filterId, NodeId belowId, size_t port, BoundExpr predicate) {
    replaceUses(flow_, filterId, belowId);
    PlanNode& below = flow_.node(belowId);
    NodeId source = below.inputs[port];
    below.inputs[port] = filterId;
    PlanNode& f = flow_.node(filterId);
    f.inputs = {source};
    f.schema = flow_.node(source).schema;
    f.as<FilterNode>().predicate = std::move(predicate);
  }

  void insertFilter(NodeId belowId, size_t port, BoundExpr predicate, SourceRange range) {
    NodeId source = flow_.node(belowId).inputs[port];
    PlanNode nf;
    nf.inputs = {source};
    nf.schema = flow_.node(source).schema;
    nf.payload = FilterNode{std::move(predicate)};
    nf.range = range;
    NodeId id = flow_.add(std::move(nf));
    flow_.node(belowId).inputs[port] = id;
  }

  Dataflow& flow_;
  ChangeLog& log_;
};

}  // namespace

void pushdownPass(Dataflow& flow, ChangeLog& log) { Pushdown(flow, log).run(); }

}  // namespace popper::opt

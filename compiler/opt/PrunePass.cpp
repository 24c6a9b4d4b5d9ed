// The `prune` pass: drops columns nobody reads, as early as possible, down to
// the extractors' read lists (so they are never parsed). A backward sweep
// computes which output columns of every node are needed; a forward sweep
// rewrites each node to produce only those (plus what its own expressions need
// to pass along) and re-indexes every expression above it.
//
// Kept whole: what an Output writes, a Handle's rows (its detect, SET values
// and the rows it forwards), the target of an operator's back edge (it
// builds whole rows) and, for EDIT t USING Op, t and the rows t reads; the
// inputs of UNION, REDUCE, COMBINE and Pipeline nodes (left for later work).
// A HANDLE's EDIT/APPEND/DELETE target keeps what is read below it and what
// the SET values read of the traced row (t.col); a SET of a column nobody
// reads is dropped with it (the replacement's other columns are the same).
#include <string>

#include "compiler/opt/GraphEdit.h"
#include "compiler/opt/Passes.h"
#include "compiler/plan/ExprUtil.h"

namespace popper::opt {

using namespace plan;

namespace {

using Mask = std::vector<bool>;

void markAll(Mask& m) { m.assign(m.size(), true); }

// The columns of `input` (1: a SET value's traced row) the expression reads.
void mark(Mask& m, const BoundExpr& e, int input = 0) {
  Mask used(m.size(), false);
  markColumns(e, used, input);
  for (size_t i = 0; i < m.size() && i < used.size(); ++i)
    if (used[i]) m[i] = true;
}

void markArgs(Mask& m, const BoundOpCall& call) {
  for (const BoundArg& a : call.args)
    if (a.isColumn && a.column >= 0 && static_cast<size_t>(a.column) < m.size())
      m[static_cast<size_t>(a.column)] = true;
}

void remapArgs(BoundOpCall& call, const std::vector<int>& map) {
  for (BoundArg& a : call.args)
    if (a.isColumn) a.column = map.at(static_cast<size_t>(a.column));
}

std::vector<int> identity(size_t n) {
  std::vector<int> m(n);
  for (size_t i = 0; i < n; ++i) m[i] = static_cast<int>(i);
  return m;
}

class Pruner {
 public:
  Pruner(Dataflow& flow, ChangeLog& log) : flow_(flow), log_(log) {}

  void run() {
    computeNeeds();
    rewrite();
  }

 private:
  // ---- backward: which output columns of each node are needed
  void computeNeeds() {
    size_t n = flow_.size();
    need_.resize(n);
    for (const PlanNode& node : flow_.nodes)
      need_[static_cast<size_t>(node.id)].assign(node.schema.size(), false);
    std::vector<int> consumers = consumerCounts(flow_);
    for (const BackEdge& b : flow_.backEdges) {
      if (!flow_.node(b.from).is<HandleNode>()) markAll(need_[static_cast<size_t>(b.to)]);
      markAll(need_[static_cast<size_t>(b.from)]);
    }
    for (const PlanNode& node : flow_.nodes) {
      if (node.is<OutputNode>() || node.is<HandleNode>() || consumers[static_cast<size_t>(node.id)] == 0)
        markAll(need_[static_cast<size_t>(node.id)]);
      if (const auto* h = std::get_if<HandleNode>(&node.payload))
        for (const HandleAction& a : h->actions) {
          Mask& target = need_[static_cast<size_t>(a.target)];
          for (const BoundAssignment& set : a.assignments) mark(target, set.value, 1);
          if (a.kind == ast::ActionKind::EditUsing) {
            markAll(target);
            for (NodeId in : flow_.node(a.target).inputs) markAll(need_[static_cast<size_t>(in)]);
          }
        }
    }
    for (size_t i = n; i-- > 0;) demandInputs(flow_.nodes[i]);
  }

  Mask& needOf(NodeId id) { return need_[static_cast<size_t>(id)]; }

  void demandInputs(const PlanNode& node) {
    const Mask& out = needOf(node.id);
    std::visit(
        [&](const auto& p) {
          using T = std::decay_t<decltype(p)>;
          if constexpr (std::is_same_v<T, FilterNode>) {
            Mask& in = needOf(node.inputs[0]);
            for (size_t c = 0; c < out.size(); ++c)
              if (out[c]) in[c] = true;
            mark(in, p.predicate);
          } else if constexpr (std::is_same_v<T, ProjectNode>) {
            Mask& in = needOf(node.inputs[0]);
            for (size_t c : keptProjections(node)) mark(in, p.exprs[c]);
          } else if constexpr (std::is_same_v<T, JoinNode>) {
            Mask& left = needOf(node.inputs[0]);
            Mask& right = needOf(node.inputs[1]);
            for (size_t c = 0; c < out.size(); ++c)
              if (out[c]) (c < left.size() ? left[c] : right[c - left.size()]) = true;
            for (const BoundExpr& k : p.leftKeys) mark(left, k);
            for (const BoundExpr& k : p.rightKeys) mark(right, k);
          } else if constexpr (std::is_same_v<T, AggregateNode>) {
            Mask& in = needOf(node.inputs[0]);
            for (const BoundExpr& k : p.keys) mark(in, k);
            for (size_t a : keptAggregates(node))
              if (p.aggregates[a].func != AggFunc::CountStar) mark(in, p.aggregates[a].arg);
          } else if constexpr (std::is_same_v<T, ProcessNode>) {
            Mask& in = needOf(node.inputs[0]);
            for (size_t k = 0; k < p.passthrough.size(); ++k)
              if (out[k]) in[static_cast<size_t>(p.passthrough[k])] = true;
            markArgs(in, p.processor);
          } else if constexpr (std::is_same_v<T, ExtractNode> || std::is_same_v<T, EmptyNode>) {
            // sources
          } else {
            for (NodeId in : node.inputs) markAll(needOf(in));
          }
        },
        node.payload);
  }

  std::vector<size_t> keptProjections(const PlanNode& node) {
    const Mask& out = needOf(node.id);
    std::vector<size_t> kept;
    for (size_t c = 0; c < out.size(); ++c)
      if (out[c]) kept.push_back(c);
    if (kept.empty() && !out.empty()) kept.push_back(0);  // a relation keeps at least one column
    return kept;
  }

  std::vector<size_t> keptAggregates(const PlanNode& node) {
    const auto& p = node.as<AggregateNode>();
    const Mask& out = needOf(node.id);
    std::vector<size_t> kept;
    for (size_t a = 0; a < p.aggregates.size(); ++a)
      if (out[p.keys.size() + a]) kept.push_back(a);
    if (kept.empty() && p.keys.empty() && !p.aggregates.empty()) kept.push_back(0);
    return kept;
  }

  // ---- forward: rewrite every node against its inputs' new columns
  void rewrite() {
    maps_.resize(flow_.size());
    for (PlanNode& node : flow_.nodes) {
      Schema before = node.schema;
      std::vector<int> map = rewriteNode(node);
      node.schema = deriveSchema(flow_, node.inputs, node.payload, renamed(before, map));
      maps_[static_cast<size_t>(node.id)] = map;
      report(node, before, map);
    }
  }

  // The old schema's entries that survive, in their new order: names for Project/Aggregate/Empty.
  static Schema renamed(const Schema& before, const std::vector<int>& map) {
    int width = 0;
    for (int m : map) width = std::max(width, m + 1);
    Schema out(static_cast<size_t>(width));
    for (size_t c = 0; c < map.size(); ++c)
      if (map[c] >= 0) out[static_cast<size_t>(map[c])] = before[c];
    return out;
  }

  const std::vector<int>& inMap(NodeId id) const { return maps_[static_cast<size_t>(id)]; }

  std::vector<int> keepMask(const std::vector<size_t>& keptPositions, size_t width) {
    std::vector<int> map(width, -1);
    for (size_t i = 0; i < keptPositions.size(); ++i) map[keptPositions[i]] = static_cast<int>(i);
    return map;
  }

  std::vector<int> rewriteNode(PlanNode& node) {
    const Mask& out = needOf(node.id);
    return std::visit(
        [&](auto& p) -> std::vector<int> {
          using T = std::decay_t<decltype(p)>;
          if constexpr (std::is_same_v<T, ExtractNode>) {
            std::vector<size_t> kept;
            for (size_t c = 0; c < out.size(); ++c)
              if (out[c]) kept.push_back(c);
            if (kept.empty() && !out.empty()) kept.push_back(0);
            std::vector<int> read;
            for (size_t c : kept) read.push_back(p.readColumns[c]);
            p.readColumns = std::move(read);
            return keepMask(kept, out.size());
          } else if constexpr (std::is_same_v<T, EmptyNode>) {
            std::vector<size_t> kept;
            for (size_t c = 0; c < out.size(); ++c)
              if (out[c]) kept.push_back(c);
            if (kept.empty() && !out.empty()) kept.push_back(0);
            return keepMask(kept, out.size());
          } else if constexpr (std::is_same_v<T, FilterNode>) {
            remapColumns(p.predicate, inMap(node.inputs[0]));
            return inMap(node.inputs[0]);
          } else if constexpr (std::is_same_v<T, ProjectNode>) {
            std::vector<size_t> kept = keptProjections(node);
            std::vector<BoundExpr> exprs;
            for (size_t c : kept) {
              exprs.push_back(p.exprs[c]);
              remapColumns(exprs.back(), inMap(node.inputs[0]));
            }
            p.exprs = std::move(exprs);
            return keepMask(kept, out.size());
          } else if constexpr (std::is_same_v<T, PipelineNode>) {
            if (!p.steps.empty()) {
              PipelineStep& first = p.steps.front();
              if (first.kind == PipelineStep::Kind::Filter) {
                remapColumns(first.predicate, inMap(node.inputs[0]));
                first.schema = flow_.node(node.inputs[0]).schema;
              } else {
                for (BoundExpr& e : first.exprs) remapColumns(e, inMap(node.inputs[0]));
              }
            }
            return identity(out.size());
          } else if constexpr (std::is_same_v<T, JoinNode>) {
            const std::vector<int>& left = inMap(node.inputs[0]);
            const std::vector<int>& right = inMap(node.inputs[1]);
            for (BoundExpr& k : p.leftKeys) remapColumns(k, left);
            for (BoundExpr& k : p.rightKeys) remapColumns(k, right);
            int leftWidth = static_cast<int>(flow_.node(node.inputs[0]).schema.size());
            std::vector<int> map;
            for (int m : left) map.push_back(m);
            for (int m : right) map.push_back(m < 0 ? -1 : leftWidth + m);
            return map;
          } else if constexpr (std::is_same_v<T, AggregateNode>) {
            const std::vector<int>& in = inMap(node.inputs[0]);
            for (BoundExpr& k : p.keys) remapColumns(k, in);
            std::vector<size_t> keptAggs = keptAggregates(node);
            std::vector<BoundAggregate> aggs;
            std::vector<size_t> kept;
            for (size_t k = 0; k < p.keys.size(); ++k) kept.push_back(k);
            for (size_t a : keptAggs) {
              aggs.push_back(p.aggregates[a]);
              if (aggs.back().func != AggFunc::CountStar) remapColumns(aggs.back().arg, in);
              kept.push_back(p.keys.size() + a);
            }
            p.aggregates = std::move(aggs);
            return keepMask(kept, out.size());
          } else if constexpr (std::is_same_v<T, ProcessNode>) {
            const std::vector<int>& in = inMap(node.inputs[0]);
            std::vector<size_t> kept;
            std::vector<int> passthrough;
            for (size_t k = 0; k < p.passthrough.size(); ++k)
              if (out[k]) {
                kept.push_back(k);
                passthrough.push_back(in.at(static_cast<size_t>(p.passthrough[k])));
              }
            for (size_t k = p.passthrough.size(); k < out.size(); ++k) kept.push_back(k);
            p.passthrough = std::move(passthrough);
            remapArgs(p.processor, in);
            return keepMask(kept, out.size());
          } else if constexpr (std::is_same_v<T, ReduceNode>) {
            for (int& c : p.keyColumns) c = inMap(node.inputs[0]).at(static_cast<size_t>(c));
            remapArgs(p.reducer, inMap(node.inputs[0]));
            return identity(out.size());
          } else if constexpr (std::is_same_v<T, CombineNode>) {
            for (BoundExpr& k : p.leftKeys) remapColumns(k, inMap(node.inputs[0]));
            for (BoundExpr& k : p.rightKeys) remapColumns(k, inMap(node.inputs[1]));
            return identity(out.size());
          } else if constexpr (std::is_same_v<T, HandleNode>) {
            const std::vector<int>& in = inMap(node.inputs[0]);
            remapColumns(p.detect, in);
            for (HandleAction& a : p.actions) {
              const std::vector<int>& target = inMap(a.target);
              // A SET of a column nobody reads goes with the column.
              std::erase_if(a.assignments, [&](const BoundAssignment& s) {
                return target.at(static_cast<size_t>(s.column)) < 0;
              });
              for (BoundAssignment& s : a.assignments) {
                remapColumns(s.value, in, 0);
                remapColumns(s.value, target, 1);
                s.column = target.at(static_cast<size_t>(s.column));
              }
            }
            return in;
          } else if constexpr (std::is_same_v<T, OutputNode>) {
            for (BoundOrderKey& k : p.orderBy) remapColumns(k.expr, inMap(node.inputs[0]));
            return inMap(node.inputs[0]);
          } else {  // Union: inputs kept whole
            return identity(out.size());
          }
        },
        node.payload);
  }

  void report(const PlanNode& node, const Schema& before, const std::vector<int>& map) {
    if (node.is<FilterNode>() || node.is<JoinNode>() || node.is<OutputNode>() || node.is<HandleNode>())
      return;
    std::string dropped;
    for (size_t c = 0; c < map.size(); ++c)
      if (map[c] < 0) dropped += (dropped.empty() ? "" : ", ") + before[c].name;
    if (dropped.empty()) return;
    if (const auto* x = std::get_if<ExtractNode>(&node.payload))
      log_.push_back(describe(node) + ": reads " + std::to_string(x->readColumns.size()) + " of " +
                     std::to_string(x->declared.size()) + " declared columns (not parsed: " + dropped + ")");
    else
      log_.push_back(describe(node) + ": dropped " + dropped);
  }

  Dataflow& flow_;
  ChangeLog& log_;
  std::vector<Mask> need_;
  std::vector<std::vector<int>> maps_;
};

}  // namespace

void prunePass(Dataflow& flow, ChangeLog& log) { Pruner(flow, log).run(); }

}  // namespace popper::opt

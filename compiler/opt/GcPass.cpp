// The `gc` pass: rows carry lineage (their parents) only where a handler can
// trace through it, i.e. on the nodes of every path from a back edge's target
// to the node that emits the back edge (the target included, the handler's
// input included, the handler itself not: it traces from the rows it reads),
// and there only on nodes that create rows with ids of their own (JOIN,
// PROCESS, GROUP BY, REDUCE, COMBINE): an extractor's rows have no parents and
// row-wise nodes (WHERE, SELECT, UNION) keep their input row's id, so a
// handler traces through them by id alone.
// Everywhere else keepLineage is false and rows carry none.
#include "compiler/opt/GraphEdit.h"
#include "compiler/opt/Passes.h"

namespace popper::opt {

using namespace plan;

namespace {

// Nodes whose rows get ids of their own, with their inputs' ids as parents.
bool createsRows(const PlanNode& node) {
  return node.is<JoinNode>() || node.is<ProcessNode>() || node.is<AggregateNode>() || node.is<ReduceNode>() ||
         node.is<CombineNode>();
}

}  // namespace

void gcPass(Dataflow& flow, ChangeLog& log) {
  size_t n = flow.size();
  std::vector<bool> keep(n, false);
  for (const BackEdge& b : flow.backEdges) {
    // Nodes the target reaches (ids only grow along forward edges)...
    std::vector<bool> fromTarget(n, false);
    fromTarget[static_cast<size_t>(b.to)] = true;
    for (const PlanNode& node : flow.nodes)
      for (NodeId in : node.inputs)
        if (fromTarget[static_cast<size_t>(in)]) fromTarget[static_cast<size_t>(node.id)] = true;
    // ...that reach the back edge's source.
    std::vector<bool> toSource(n, false);
    for (NodeId in : flow.node(b.from).inputs) toSource[static_cast<size_t>(in)] = true;
    for (size_t i = n; i-- > 0;)
      if (toSource[i])
        for (NodeId in : flow.nodes[i].inputs) toSource[static_cast<size_t>(in)] = true;
    for (size_t i = 0; i < n; ++i)
      if (fromTarget[i] && toSource[i] && createsRows(flow.nodes[i])) keep[i] = true;
  }
  size_t dropped = 0;
  std::string names;
  for (PlanNode& node : flow.nodes) {
    bool was = node.keepLineage;
    node.keepLineage = keep[static_cast<size_t>(node.id)];
    if (was && !node.keepLineage) {
      ++dropped;
      names += (names.empty() ? "" : ", ") + ("#" + std::to_string(node.id));
    }
  }
  if (dropped)
    log.push_back("lineage dropped on " + std::to_string(dropped) + " of " + std::to_string(n) + " nodes (" +
                  names + ")");
  std::string kept;
  for (const PlanNode& node : flow.nodes)
    if (node.keepLineage) kept += (kept.empty() ? "" : ", ") + describe(node);
  if (!kept.empty()) log.push_back("lineage kept on " + kept);
}

}  // namespace popper::opt

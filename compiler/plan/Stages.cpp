// Assigns stages on the SCC condensation, cut at blocking edges, and groups
// each stage's operators into pipelines (see Stages.h).
#include "compiler/plan/Stages.h"

#include <algorithm>
#include <numeric>

namespace popper::plan {

namespace {

struct UnionFind {
  std::vector<size_t> parent;
  explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  size_t find(size_t x) { return parent[x] == x ? x : parent[x] = find(parent[x]); }
  void join(size_t a, size_t b) { parent[find(a)] = find(b); }
};

}  // namespace

StagePlan assignStages(const Dataflow& flow, const AuxGraph& aux) {
  size_t n = flow.size();
  StagePlan plan;
  if (n == 0) return plan;
  int components = 1 + *std::max_element(aux.component.begin(), aux.component.end());

  // Components are numbered sources first, so one pass in component order
  // sees every predecessor's stage before it is needed.
  std::vector<std::vector<const EdgeInfo*>> into(static_cast<size_t>(components));
  for (const EdgeInfo& e : aux.edges) {
    int from = aux.component[static_cast<size_t>(e.edge.from)],
        to = aux.component[static_cast<size_t>(e.edge.to)];
    if (from != to) into[static_cast<size_t>(to)].push_back(&e);
  }
  std::vector<int> compStage(static_cast<size_t>(components), 0);
  for (int c = 0; c < components; ++c)
    for (const EdgeInfo* e : into[static_cast<size_t>(c)]) {
      int from = compStage[static_cast<size_t>(aux.component[static_cast<size_t>(e->edge.from)])];
      compStage[static_cast<size_t>(c)] =
          std::max(compStage[static_cast<size_t>(c)], from + (e->blocking ? 1 : 0));
    }

  plan.stageOf.resize(n);
  int stageCount = 0;
  for (size_t v = 0; v < n; ++v) {
    plan.stageOf[v] = compStage[static_cast<size_t>(aux.component[v])];
    stageCount = std::max(stageCount, plan.stageOf[v] + 1);
  }
  plan.stages.resize(static_cast<size_t>(stageCount));
  for (int s = 0; s < stageCount; ++s) plan.stages[static_cast<size_t>(s)].index = s;
  for (size_t v = 0; v < n; ++v) {
    Stage& stage = plan.stages[static_cast<size_t>(plan.stageOf[v])];
    stage.nodes.push_back(static_cast<NodeId>(v));
    if (aux.inCycle[v]) stage.cyclic = true;
  }

  // Pipelines: operators of one stage joined by non-blocking edges (and by the
  // back edges of a cycle, which run inside the stage).
  UnionFind groups(n);
  for (const EdgeInfo& e : aux.edges) {
    size_t from = static_cast<size_t>(e.edge.from), to = static_cast<size_t>(e.edge.to);
    if (plan.stageOf[from] != plan.stageOf[to]) {
      std::vector<int>& deps = plan.stages[static_cast<size_t>(plan.stageOf[to])].dependsOn;
      if (std::find(deps.begin(), deps.end(), plan.stageOf[from]) == deps.end())
        deps.push_back(plan.stageOf[from]);
    } else if (!e.blocking) {
      groups.join(from, to);
    }
  }
  for (const BackEdge& b : flow.backEdges)
    if (plan.stageOf[static_cast<size_t>(b.from)] == plan.stageOf[static_cast<size_t>(b.to)])
      groups.join(static_cast<size_t>(b.from), static_cast<size_t>(b.to));
  for (Stage& stage : plan.stages) {
    std::sort(stage.dependsOn.begin(), stage.dependsOn.end());
    std::vector<size_t> roots;
    for (NodeId v : stage.nodes) {
      size_t root = groups.find(static_cast<size_t>(v));
      auto it = std::find(roots.begin(), roots.end(), root);
      if (it == roots.end()) {
        roots.push_back(root);
        stage.pipelines.push_back({v});
      } else {
        stage.pipelines[static_cast<size_t>(it - roots.begin())].push_back(v);
      }
    }
  }
  return plan;
}

}  // namespace popper::plan

// Stages of the physical plan (docs/design.md, "Stage by stage"): the dataflow condensed by
// its strongly connected components (a handler's cycle runs in one stage),
// cut at blocking edges, numbered in dependency order. A stage starts when
// every stage it reads through a blocking edge has finished (reached its
// fixpoint); inside a stage operators run pipelined, grouped into pipelines
// (operators connected by non-blocking edges). An edge between two stages is
// materialized: the later stage reads the earlier one's finished output.
#pragma once

#include <vector>

#include "compiler/plan/AuxGraph.h"
#include "compiler/plan/Dataflow.h"

namespace popper::plan {

struct Stage {
  int index = 0;
  std::vector<NodeId> nodes;                   // in id (topological) order
  std::vector<std::vector<NodeId>> pipelines;  // a partition of `nodes`, each in id order
  bool cyclic = false;                         // holds a cycle through a back edge
  std::vector<int> dependsOn;                  // stages it reads through blocking edges
};

struct StagePlan {
  std::vector<Stage> stages;  // stages[i].index == i; a stage depends only on earlier ones
  std::vector<int> stageOf;   // per node
};

// stage(n) = max over inputs p of stage(p) + (edge p->n blocking ? 1 : 0),
// computed on the condensation so a whole component shares one stage.
StagePlan assignStages(const Dataflow& flow, const AuxGraph& aux);

}  // namespace popper::plan

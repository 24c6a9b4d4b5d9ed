// What the runtime executes: the optimized dataflow with its auxiliary graph
// (edge labels, live and dead parts), its stages and the physical decisions
// made for it (PhysicalDecisions.h). Built by
// opt/Planner.h (lowering + passes) or directly from a Dataflow in tests.
#pragma once

#include "compiler/plan/AuxGraph.h"
#include "compiler/plan/Dataflow.h"
#include "compiler/plan/PhysicalDecisions.h"
#include "compiler/plan/Stages.h"

namespace popper::plan {

struct PhysicalPlan {
  Dataflow dataflow;
  AuxGraph aux;
  StagePlan stages;
  PhysicalDecisions decisions;
};

inline PhysicalPlan makePhysicalPlan(Dataflow flow) {
  PhysicalPlan plan;
  plan.aux = buildAuxGraph(flow);
  plan.stages = assignStages(flow, plan.aux);
  plan.decisions = decidePhysical(flow, plan.aux);
  plan.dataflow = std::move(flow);
  return plan;
}

}  // namespace popper::plan

// Small graph edits and descriptions shared by the optimizer passes.
#pragma once

#include <string>
#include <vector>

#include "compiler/plan/Dataflow.h"

namespace popper::opt {

// "Filter #3" or "Process #2 scored": how pass reports name a node.
std::string describe(const plan::PlanNode& node);
// Makes every consumer of `old` read `replacement` instead (forward edges only).
void replaceUses(plan::Dataflow& flow, plan::NodeId old, plan::NodeId replacement);
// Number of forward consumers (edges) of each node.
std::vector<int> consumerCounts(const plan::Dataflow& flow);

}  // namespace popper::opt

// The `meld` pass: fuses chains of row-wise Filter/Project nodes into one
// Pipeline node whose steps run back to back on each batch, with no queue or
// materialized rows in between. A node joins the chain below it only if that
// chain feeds nothing else and is not a back-edge target (handlers address
// its rows, so they must stay a node of their own).
#include "compiler/opt/GraphEdit.h"
#include "compiler/opt/Passes.h"

namespace popper::opt {

using namespace plan;

namespace {

bool meldable(const PlanNode& n) { return n.is<FilterNode>() || n.is<ProjectNode>() || n.is<PipelineNode>(); }

std::vector<PipelineStep> stepsOf(PlanNode& n) {
  if (auto* p = std::get_if<PipelineNode>(&n.payload)) return std::move(p->steps);
  PipelineStep step;
  step.name = n.name;
  step.schema = n.schema;
  if (auto* f = std::get_if<FilterNode>(&n.payload)) {
    step.kind = PipelineStep::Kind::Filter;
    step.predicate = std::move(f->predicate);
  } else {
    step.kind = PipelineStep::Kind::Project;
    step.exprs = std::move(n.as<ProjectNode>().exprs);
  }
  return {std::move(step)};
}

}  // namespace

void meldPass(Dataflow& flow, ChangeLog& log) {
  std::vector<bool> targets = flow.backEdgeTargets();
  std::vector<int> counts = consumerCounts(flow);
  std::vector<bool> remove(flow.size(), false);
  // In id order, so a chain grows from its bottom: the consumer absorbs its input.
  for (PlanNode& n : flow.nodes) {
    if (!meldable(n)) continue;
    NodeId below = n.inputs[0];
    PlanNode& b = flow.node(below);
    if (!meldable(b) || targets[static_cast<size_t>(below)] || counts[static_cast<size_t>(below)] != 1)
      continue;
    std::string fused = describe(b) + " + " + describe(n);
    std::vector<PipelineStep> steps = stepsOf(b);
    std::vector<PipelineStep> top = stepsOf(n);
    for (PipelineStep& s : top) steps.push_back(std::move(s));
    n.inputs = b.inputs;
    n.payload = PipelineNode{std::move(steps)};
    remove[static_cast<size_t>(below)] = true;
    log.push_back("fused " + fused + " into Pipeline #" + std::to_string(n.id) + " (" +
                  std::to_string(n.as<PipelineNode>().steps.size()) + " steps)");
  }
  if (std::find(remove.begin(), remove.end(), true) != remove.end()) flow.erase(remove);
}

}  // namespace popper::opt

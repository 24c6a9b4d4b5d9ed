// Builds the format-neutral EXPLAIN structure (see Explain.h).
#include "compiler/plan/Explain.h"

#include "compiler/plan/NodeDescription.h"

namespace popper::plan {

PlanExplain buildExplain(const PhysicalPlan& plan, std::vector<ExplainPass> passes, std::string workflow) {
  const Dataflow& flow = plan.dataflow;
  PlanExplain out;
  out.workflow = std::move(workflow);
  out.passes = std::move(passes);
  for (const PlanNode& n : flow.nodes) {
    ExplainNode e;
    e.id = n.id;
    e.kind = nodeKindName(n.kind());
    e.name = n.name;
    for (size_t port = 0; port < n.inputs.size(); ++port) {
      const EdgeInfo* info = plan.aux.edgeInto(n.id, static_cast<int>(port));
      e.inputs.push_back({n.inputs[port], info ? info->label() : "", info && info->blocking});
    }
    e.schema = n.schema;
    e.detail = describeNode(flow, n);
    e.keepLineage = n.keepLineage;
    e.appendLive = plan.aux.appendLive.at(static_cast<size_t>(n.id));
    e.deleteLive = plan.aux.deleteLive.at(static_cast<size_t>(n.id));
    e.stage = plan.stages.stageOf.at(static_cast<size_t>(n.id));
    if (const auto* x = std::get_if<ExtractNode>(&n.payload))
      for (int c : x->readColumns) e.readColumns.push_back(x->declared.at(static_cast<size_t>(c)).name);
    out.nodes.push_back(std::move(e));
  }
  for (const BackEdge& b : flow.backEdges) {
    ExplainBackEdge e{b.from, b.to, backEdgeLabelText(b.label), ""};
    const PlanNode& from = flow.node(b.from);
    if (b.action >= 0 && from.is<HandleNode>())
      e.action = describeAction(flow, from, from.as<HandleNode>().actions.at(static_cast<size_t>(b.action)));
    else if (from.is<ProcessNode>())
      e.action = "declared by " + from.as<ProcessNode>().processor.op;
    out.backEdges.push_back(std::move(e));
  }
  for (const Stage& s : plan.stages.stages)
    out.stages.push_back({s.index, s.cyclic, s.dependsOn, s.pipelines});
  return out;
}

}  // namespace popper::plan

// Builds the format-neutral EXPLAIN structure (see Explain.h).
#include "compiler/plan/Explain.h"

#include "compiler/plan/NodeDescription.h"

namespace popper::plan {
namespace {

std::vector<std::string> physicalPhrases(const PhysicalPlan& plan, const PlanNode& n) {
  const PhysicalDecisions& d = plan.decisions;
  size_t i = static_cast<size_t>(n.id);
  std::vector<std::string> out;
  if (n.is<OutputNode>())
    out.push_back(d.streaming[i] ? "streams in arrival order" : "materialized, written at the end");
  if (d.needKeys[i]) out.push_back("order keys");
  if (d.blockingInput[i]) out.push_back("blocking input");
  if (d.buildProbe[i]) out.push_back("builds its right side first");
  bool target = false;
  for (const BackEdge& b : plan.dataflow.backEdges) target = target || b.to == n.id;
  if (target)
    out.push_back(d.targetOverrides[i] ? "correction target, keeps overrides"
                                       : "correction target, no overrides (emits each row once)");
  if (d.anchorJoin[i]) out.push_back("on a gate's spine: passes its left row's anchor on");
  if (plan.aux.gates[i]) {
    out.push_back(d.anchoredGate[i] ? "gate over anchors through its spine's joins" : "gate");
    if (d.streamsCorrections)
      out.push_back("injects under correction source top-" + std::to_string(d.injectSourceOffset[i]));
  }
  if (d.affected[i]) out.push_back("in the waves");
  return out;
}

std::string correctionMode(const PhysicalPlan& plan) {
  const Dataflow& flow = plan.dataflow;
  if (flow.backEdges.empty()) return "none (no back edges)";
  if (plan.decisions.streamsCorrections)
    return "streamed: each gate decides a detected row as it arrives, no epochs";
  return "in waves: handlers decide at barriers, every epoch_rows input rows and at the end";
}

}  // namespace

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
    e.physical = physicalPhrases(plan, n);
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
  out.corrections = correctionMode(plan);
  return out;
}

}  // namespace popper::plan

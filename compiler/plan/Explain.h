// The format-neutral EXPLAIN of a plan (after DuckDB): one structure built
// from the physical plan and the optimizer's report, printed by separate
// renderers as text (reads like EXPLAIN), JSON (stable keys, for tools) and
// DOT (Graphviz: stages as clusters, back edges dashed).
#pragma once

#include <string>
#include <vector>

#include "compiler/plan/PhysicalPlan.h"

namespace popper::plan {

// What one optimizer pass did (filled from opt::PassRecord by the caller, so
// this stage does not depend on the optimizer).
struct ExplainPass {
  std::string name;
  bool enabled = true;
  double millis = 0;
  std::vector<std::string> changes;
};

struct ExplainInput {
  NodeId from = kNoNode;
  std::string label;  // im+ / im- / im± / inm / ī
  bool blocking = false;
};

struct ExplainNode {
  NodeId id = kNoNode;
  std::string kind;
  std::string name;
  std::vector<ExplainInput> inputs;
  Schema schema;
  std::vector<std::string> detail;  // describeNode()
  bool keepLineage = true;
  bool appendLive = true;
  bool deleteLive = false;
  int stage = 0;
  std::vector<std::string> readColumns;  // Extract only: the columns parsed
  std::vector<std::string> physical;     // its PhysicalDecisions, as phrases ("order keys", ...)
};

struct ExplainBackEdge {
  NodeId from = kNoNode;
  NodeId to = kNoNode;
  std::string label;   // + - ±
  std::string action;  // describeAction(), or "declared by <Op>"
};

struct ExplainStage {
  int index = 0;
  bool cyclic = false;
  std::vector<int> dependsOn;
  std::vector<std::vector<NodeId>> pipelines;
};

struct PlanExplain {
  std::string workflow;  // the .scope path
  std::vector<ExplainNode> nodes;
  std::vector<ExplainBackEdge> backEdges;
  std::vector<ExplainPass> passes;
  std::vector<ExplainStage> stages;
  std::string corrections;  // how the plan's handlers decide (PhysicalDecisions)
};

PlanExplain buildExplain(const PhysicalPlan& plan, std::vector<ExplainPass> passes,
                         std::string workflow = "");

std::string renderExplainText(const PlanExplain& explain);
std::string renderExplainJson(const PlanExplain& explain);  // pretty-printed, keys stable
std::string renderExplainDot(const PlanExplain& explain);

}  // namespace popper::plan

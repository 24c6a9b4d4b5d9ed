// The JSON rendering of EXPLAIN: stable keys (snake_case), nodes by id, for
// tools and golden tests.
#include <nlohmann/json.hpp>

#include "compiler/plan/Explain.h"

namespace popper::plan {

std::string renderExplainJson(const PlanExplain& ex) {
  using nlohmann::ordered_json;
  ordered_json doc;
  doc["workflow"] = ex.workflow;
  ordered_json nodes = ordered_json::array();
  for (const ExplainNode& n : ex.nodes) {
    ordered_json j;
    j["id"] = n.id;
    j["kind"] = n.kind;
    j["name"] = n.name;
    ordered_json inputs = ordered_json::array();
    for (const ExplainInput& in : n.inputs)
      inputs.push_back({{"from", in.from}, {"label", in.label}, {"blocking", in.blocking}});
    j["inputs"] = inputs;
    ordered_json schema = ordered_json::array();
    for (const ColumnInfo& c : n.schema) schema.push_back({{"name", c.name}, {"type", typeName(c.type)}});
    j["schema"] = schema;
    j["detail"] = n.detail;
    if (n.kind == "Extract") j["read_columns"] = n.readColumns;
    j["keep_lineage"] = n.keepLineage;
    j["append_live"] = n.appendLive;
    j["delete_live"] = n.deleteLive;
    j["stage"] = n.stage;
    j["physical"] = n.physical;
    nodes.push_back(std::move(j));
  }
  doc["nodes"] = nodes;
  ordered_json back = ordered_json::array();
  for (const ExplainBackEdge& b : ex.backEdges)
    back.push_back({{"from", b.from}, {"to", b.to}, {"label", b.label}, {"action", b.action}});
  doc["back_edges"] = back;
  ordered_json passes = ordered_json::array();
  for (const ExplainPass& p : ex.passes)
    passes.push_back(
        {{"name", p.name}, {"enabled", p.enabled}, {"millis", p.millis}, {"changes", p.changes}});
  doc["passes"] = passes;
  ordered_json stages = ordered_json::array();
  for (const ExplainStage& s : ex.stages)
    stages.push_back(
        {{"index", s.index}, {"cyclic", s.cyclic}, {"depends_on", s.dependsOn}, {"pipelines", s.pipelines}});
  doc["stages"] = stages;
  doc["corrections"] = ex.corrections;
  return doc.dump(2) + "\n";
}

}  // namespace popper::plan

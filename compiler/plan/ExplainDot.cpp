// The Graphviz rendering of EXPLAIN: one cluster per stage, forward edges
// labelled (bold when blocking), back edges dashed and labelled + - ±.
#include "compiler/plan/Explain.h"
#include "compiler/plan/NodeDescription.h"

namespace popper::plan {

namespace {

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

std::string renderExplainDot(const PlanExplain& ex) {
  std::string out =
      "digraph plan {\n  rankdir=TB;\n  node [shape=box, fontname=\"monospace\", fontsize=10];\n"
      "  edge [fontname=\"monospace\", fontsize=9];\n";
  for (const ExplainStage& s : ex.stages) {
    out += "  subgraph cluster_stage" + std::to_string(s.index) + " {\n    label=\"stage " +
           std::to_string(s.index) + (s.cyclic ? " (cycle)" : "") + "\";\n    style=rounded;\n";
    for (const auto& pipeline : s.pipelines)
      for (NodeId id : pipeline) {
        const ExplainNode& n = ex.nodes.at(static_cast<size_t>(id));
        std::string label = "#" + std::to_string(n.id) + " " + n.kind + (n.name.empty() ? "" : " " + n.name);
        for (const std::string& d : n.detail) label += "\n" + d;
        label += "\n-> " + formatSchema(n.schema);
        label += std::string("\no- ") + (n.deleteLive ? "live" : "dead") + (n.keepLineage ? ", lineage" : "");
        out += "    n" + std::to_string(n.id) + " [label=\"" + escape(label) + "\"" +
               (n.kind == "Handle"   ? ", shape=hexagon"
                : n.kind == "Output" ? ", shape=folder"
                                     : "") +
               "];\n";
      }
    out += "  }\n";
  }
  for (const ExplainNode& n : ex.nodes)
    for (const ExplainInput& in : n.inputs)
      out += "  n" + std::to_string(in.from) + " -> n" + std::to_string(n.id) + " [label=\"" +
             escape(in.label) + "\"" + (in.blocking ? ", style=bold" : "") + "];\n";
  for (const ExplainBackEdge& b : ex.backEdges)
    out += "  n" + std::to_string(b.from) + " -> n" + std::to_string(b.to) + " [label=\"" + escape(b.label) +
           "\", style=dashed, color=firebrick, constraint=false];\n";
  return out + "}\n";
}

}  // namespace popper::plan

// The text rendering of EXPLAIN: the dataflow (each node with its inputs'
// edge labels), back edges, the passes with what they changed and their
// timings, the auxiliary graph's live and dead parts, the physical decisions
// and the stages.
#include <cstdio>

#include "compiler/plan/Explain.h"
#include "compiler/plan/NodeDescription.h"

namespace popper::plan {

namespace {

std::string nodeRef(const PlanExplain& ex, NodeId id) {
  const ExplainNode& n = ex.nodes.at(static_cast<size_t>(id));
  return "#" + std::to_string(id) + (n.name.empty() ? "" : " " + n.name);
}

std::string millis(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f ms", ms);
  return buf;
}

std::string pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

}  // namespace

std::string renderExplainText(const PlanExplain& ex) {
  std::string out;
  auto count = [](size_t n, const char* what) {
    return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
  };
  out += "Dataflow" + (ex.workflow.empty() ? "" : " of " + ex.workflow) + " (" +
         count(ex.nodes.size(), "node") + ", " + count(ex.backEdges.size(), "back edge") + ")\n";
  for (const ExplainNode& n : ex.nodes) {
    out += "  #" + std::to_string(n.id) + " " + n.kind + (n.name.empty() ? "" : " " + n.name);
    if (!n.inputs.empty()) {
      out += "  <-";
      for (size_t i = 0; i < n.inputs.size(); ++i)
        out += (i ? ", " : " ") + nodeRef(ex, n.inputs[i].from) + " [" + n.inputs[i].label +
               (n.inputs[i].blocking ? ", blocking" : "") + "]";
    }
    out += "\n";
    for (const std::string& d : n.detail) out += "      " + d + "\n";
    out += "      -> " + formatSchema(n.schema) + "\n";
  }
  if (!ex.backEdges.empty()) {
    out += "Back edges\n";
    for (const ExplainBackEdge& b : ex.backEdges)
      out +=
          "  " + nodeRef(ex, b.from) + " -> " + nodeRef(ex, b.to) + " [" + b.label + "]  " + b.action + "\n";
  }

  out += "Optimizer passes (node ids as each pass saw them)\n";
  for (const ExplainPass& p : ex.passes) {
    if (!p.enabled) {
      out += "  " + pad(p.name, 9) + "disabled\n";
      continue;
    }
    out += "  " + pad(p.name, 9) + millis(p.millis) + (p.changes.empty() ? "  (no change)" : "") + "\n";
    for (const std::string& c : p.changes) out += "      " + c + "\n";
  }

  out += "Auxiliary graph (o+ append part, o- delete part)\n";
  for (const ExplainNode& n : ex.nodes)
    out += "  " + pad("#" + std::to_string(n.id) + " " + n.kind + (n.name.empty() ? "" : " " + n.name), 24) +
           " o+ " + (n.appendLive ? "live" : "dead") + "  o- " + (n.deleteLive ? "live" : "dead") +
           "  lineage " + (n.keepLineage ? "kept" : "none") + "\n";

  out += "Physical decisions (made by the compiler; the runtime executes them)\n";
  out += "  corrections: " + ex.corrections + "\n";
  for (const ExplainNode& n : ex.nodes) {
    if (n.physical.empty()) continue;
    out += "  " + pad("#" + std::to_string(n.id) + " " + n.kind + (n.name.empty() ? "" : " " + n.name), 24);
    for (size_t i = 0; i < n.physical.size(); ++i) out += (i ? ", " : " ") + n.physical[i];
    out += "\n";
  }

  out += "Stages\n";
  for (const ExplainStage& s : ex.stages) {
    out += "  stage " + std::to_string(s.index) + (s.cyclic ? " (cycle)" : "");
    if (!s.dependsOn.empty()) {
      out += " after";
      for (int d : s.dependsOn) out += " " + std::to_string(d);
    }
    out += "\n";
    for (const auto& pipeline : s.pipelines) {
      out += "    pipeline:";
      for (size_t i = 0; i < pipeline.size(); ++i) {
        const ExplainNode& n = ex.nodes.at(static_cast<size_t>(pipeline[i]));
        out += (i ? " -> " : " ") + n.kind + " " + nodeRef(ex, n.id);
      }
      out += "\n";
    }
  }
  return out;
}

}  // namespace popper::plan

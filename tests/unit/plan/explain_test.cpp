// The plan printers: text sections, stable JSON keys, DOT clusters and dashed back edges.
#include "compiler/plan/Explain.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/support/DataflowBuilder.h"

using namespace popper;
using namespace popper::plan;

namespace {

PlanExplain sample() {
  NodeId lines;
  Dataflow flow = DataflowBuilder()
                      .extract("in.txt", "line:string", "Lines")
                      .named("lines")
                      .capture(lines)
                      .process("LanguageId", "lang:string", {{"text", "line"}})
                      .named("tagged")
                      .handle(col("lang") == lit("xx"),
                              {editSet(lines, {{"line", fn(BuiltinFunc::Trim, {traced("line")})}})})
                      .filter(col("lang") == lit("en"))
                      .output("out/en.csv", {"line"})
                      .build();
  return buildExplain(makePhysicalPlan(std::move(flow)),
                      {{"fold", true, 0.01, {"Filter #3: folded 1 expression"}}, {"meld", false, 0, {}}},
                      "wf.scope");
}

}  // namespace

TEST_CASE("text explain shows the dataflow, labels, back edges, passes, aux graph and stages") {
  std::string text = renderExplainText(sample());
  CHECK(text.find("Dataflow of wf.scope (5 nodes, 1 back edge)") != std::string::npos);
  CHECK(text.find("#1 Process tagged  <- #0 lines [im±]") != std::string::npos);
  CHECK(text.find("WHERE lang == \"en\"") != std::string::npos);
  CHECK(text.find("#2 -> #0 lines [±]  EDIT lines SET line = trim(lines.line)") != std::string::npos);
  CHECK(text.find("meld     disabled") != std::string::npos);
  CHECK(text.find("Filter #3: folded 1 expression") != std::string::npos);
  CHECK(text.find("o- live") != std::string::npos);
  CHECK(text.find("stage 0 (cycle)") != std::string::npos);
  CHECK(text.find("stage 1 after 0") != std::string::npos);
}

TEST_CASE("json explain has stable keys") {
  auto doc = nlohmann::json::parse(renderExplainJson(sample()));
  CHECK(doc["workflow"] == "wf.scope");
  REQUIRE(doc["nodes"].size() == 5);
  CHECK(doc["nodes"][0]["kind"] == "Extract");
  CHECK(doc["nodes"][0]["read_columns"] == nlohmann::json::array({"line"}));
  CHECK(doc["nodes"][1]["inputs"][0]["label"] == "im±");
  CHECK(doc["back_edges"][0]["label"] == "±");
  CHECK(doc["passes"][1]["enabled"] == false);
  CHECK(doc["stages"][1]["depends_on"] == nlohmann::json::array({0}));
  CHECK(doc["nodes"][4]["inputs"][0]["blocking"] == true);
}

TEST_CASE("dot explain clusters stages and dashes back edges") {
  std::string dot = renderExplainDot(sample());
  CHECK(dot.rfind("digraph plan {", 0) == 0);
  CHECK(dot.find("subgraph cluster_stage0") != std::string::npos);
  CHECK(dot.find("subgraph cluster_stage1") != std::string::npos);
  CHECK(dot.find("n2 -> n0 [label=\"±\", style=dashed") != std::string::npos);
  CHECK(dot.find("n3 -> n4 [label=\"im±\", style=bold]") != std::string::npos);
}

// Lowering checked workflows (parsed and analyzed in-process) to the dataflow.
#include "compiler/plan/Lowering.h"

#include <doctest/doctest.h>

#include "compiler/opt/Planner.h"
#include "compiler/parse/Parser.h"
#include "compiler/plan/ExprFormat.h"
#include "compiler/plan/Verifier.h"
#include "compiler/sema/Analyzer.h"
#include "tests/support/TestCatalog.h"

using namespace popper;
using namespace popper::plan;

namespace {

Dataflow lower(const std::string& text) {
  SourceFile file("test.scope", text);
  DiagnosticEngine diags(file);
  ast::Workflow workflow = parseWorkflow(file, diags);
  auto program = analyze(workflow, file, testing::testAnalyzeOptions(), diags);
  REQUIRE_MESSAGE(program.has_value(), renderText(diags));
  Dataflow flow = lowerProgram(*program);
  CHECK(verifyDataflow(flow).isOk());
  return flow;
}

std::vector<NodeKind> kinds(const Dataflow& flow) {
  std::vector<NodeKind> out;
  for (const PlanNode& n : flow.nodes) out.push_back(n.kind());
  return out;
}

}  // namespace

TEST_CASE("a SELECT lowers to Join, Filter, Aggregate, Filter, Project in that order") {
  Dataflow flow = lower(R"(
    trips = EXTRACT id:int, seg:string, speed:float FROM "t.csv" USING Csv(header: true);
    segs  = EXTRACT seg:string, name:string FROM "s.csv" USING Csv(header: true);
    bySeg = SELECT segs.name, COUNT(*) AS n, AVG(trips.speed) AS mean
            FROM trips JOIN segs ON trips.seg == segs.seg
            WHERE trips.speed > 0 GROUP BY segs.name HAVING n > 1;
    OUTPUT bySeg TO "o.csv" USING Csv() ORDER BY name;
  )");
  CHECK(kinds(flow) == std::vector<NodeKind>{NodeKind::Extract, NodeKind::Extract, NodeKind::Join,
                                             NodeKind::Filter, NodeKind::Aggregate, NodeKind::Filter,
                                             NodeKind::Output});
  CHECK(flow.node(5).name == "bySeg");  // the identity projection over keys ++ aggregates is left out
  CHECK(flow.node(4).schema[0].name == "name");
  CHECK(flow.node(4).schema[1].name == "n");
  CHECK(formatExpr(flow.node(5).as<FilterNode>().predicate, flow.node(4).schema) == "n > 1");
  CHECK(flow.node(6).as<OutputNode>().orderBy.size() == 1);
}

TEST_CASE("handler targets become back edges to the target rowset's node") {
  Dataflow flow = lower(R"(
    lines   = EXTRACT line:string, translated:bool = false FROM "in.txt" USING Lines();
    tagged  = PROCESS lines USING LanguageId(text: line) PRODUCE lang:string;
    foreign = SELECT line FROM tagged WHERE lang != "en" AND NOT translated;
    trans   = PROCESS foreign USING Translate(text: line, pair: "spa-eng") PRODUCE line_en:string;
    resend  = HANDLE trans DETECT true CORRECT APPEND TO lines SET line = line_en, translated = true EVENTUALLY DROP;
  )");
  REQUIRE(flow.backEdges.size() == 1);
  CHECK(flow.node(flow.backEdges[0].to).name == "lines");
  CHECK(flow.node(flow.backEdges[0].from).name == "resend");
  CHECK(flow.backEdges[0].label == BackEdgeLabel::Append);
  NodeId tagged = 1;
  CHECK(flow.node(tagged).as<ProcessNode>().rowWise);  // from the registry
}

TEST_CASE("a named identity SELECT keeps its own node, a nested one does not") {
  Dataflow flow = lower(R"(
    a = EXTRACT x:int FROM "a.csv" USING Csv();
    b = SELECT * FROM a;
    OUTPUT (SELECT x FROM b) TO "o.csv" USING Csv();
  )");
  CHECK(kinds(flow) == std::vector<NodeKind>{NodeKind::Extract, NodeKind::Project, NodeKind::Output});
  CHECK(flow.node(1).name == "b");
}

TEST_CASE("the planner runs lowering, passes, aux graph and stages in one call") {
  SourceFile file("test.scope", R"(
    reviews = EXTRACT line:string, stars:int FROM "r.csv" USING Csv(header: true);
    scored  = PROCESS reviews USING Sentiment(text: line) PRODUCE sentiment:string, confidence:float;
    OUTPUT (SELECT line, sentiment FROM scored WHERE len(line) > 20) TO "o.csv" USING Csv();
  )");
  DiagnosticEngine diags(file);
  auto program = analyze(parseWorkflow(file, diags), file, testing::testAnalyzeOptions(), diags);
  REQUIRE(program);
  auto planned = opt::planProgram(*program, {});
  REQUIRE(planned.isOk());
  CHECK(planned->lowered.size() == 5);
  const Dataflow& flow = planned->plan.dataflow;
  CHECK(flow.node(0).as<ExtractNode>().readColumns == std::vector<int>{0});
  CHECK(flow.node(1).is<FilterNode>());  // pushed below the model
  CHECK(flow.node(2).is<ProcessNode>());
  CHECK(planned->plan.stages.stages.size() == 1);
  CHECK(planned->passes.size() == 6);
}

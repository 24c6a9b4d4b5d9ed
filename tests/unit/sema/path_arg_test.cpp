// Operators resolve relative file arguments (Classify's model, Ocr's folder)
// against the workflow's folder, like EXTRACT's input paths (docs/language.md,
// "Outputs, errors and determinism"): sema records that folder on every operator call, arguments stay as
// written (so plans print them as the user wrote them).
#include <doctest/doctest.h>

#include "compiler/parse/Parser.h"
#include "compiler/sema/Analyzer.h"
#include "tests/support/TestCatalog.h"

using namespace popper;

namespace {

// The bound call of the PROCESS of `text`, read from a workflow at `workflowPath`.
BoundOpCall processCall(const std::string& workflowPath, const std::string& text) {
  SourceFile file(workflowPath, text);
  DiagnosticEngine diags(file);
  ast::Workflow workflow = parseWorkflow(file, diags);
  std::optional<BoundProgram> program = analyze(workflow, file, testing::testAnalyzeOptions(), diags);
  REQUIRE(program);
  for (const BoundRelation& r : program->relations)
    if (const auto* p = std::get_if<BoundProcess>(&r.node)) return p->processor;
  FAIL("no PROCESS");
  return {};
}

const char* kClassify = R"(l = EXTRACT line:string FROM "in.txt" USING Lines();
c = PROCESS l USING Classify(model: "models/topics.ftz", text: line) PRODUCE label:string;
OUTPUT c TO "o" USING Csv();
)";

}  // namespace

TEST_CASE("operator calls carry the workflow's folder; path arguments stay as written") {
  BoundOpCall nested = processCall("flows/lab/wf.scope", kClassify);
  CHECK(nested.workflowDir == "flows/lab");
  CHECK(nested.arg("model")->value.asString() == "models/topics.ftz");
  CHECK(processCall("/srv/flows/wf.scope", kClassify).workflowDir == "/srv/flows");
  CHECK(processCall("wf.scope", kClassify).workflowDir == "");
}

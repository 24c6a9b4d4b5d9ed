// Messages about names that are not (yet) defined: no cascades after a syntax
// error, uses before the definition, and unused warnings that respect typos.
#include <doctest/doctest.h>

#include "tests/support/TestCatalog.h"
#include "tests/unit/sema/sema_test_util.h"

using namespace popper;
using namespace popper::test;
using Errors = std::vector<std::string>;

namespace {
const char* kLines = "lines = EXTRACT line:string FROM \"in\" USING Lines();\n";
}

TEST_CASE("a rowset dropped for a syntax error is not reported again where it is used") {
  CHECK(errorsOf(std::string(kLines) + "short = SELECT line FROM lines WHERE len(line) < 10\n"
                                       "OUTPUT short TO \"o\" USING Lines();\n"
                                       "more = SELECT line, n FROM short;\n"
                                       "OUTPUT more TO \"o2\" USING Lines();\n") ==
        Errors{"2:52: expected ';' after statement"});
}

TEST_CASE("a PARAM dropped for a syntax error is not reported again where it is used") {
  CHECK(errorsOf("PARAM p : = \"x\";\n"
                 "lines = EXTRACT line:string FROM @p USING Lines();\n"
                 "OUTPUT lines TO \"o\" USING Lines();\n",
                 {{"p", "in.txt"}}) == Errors{"1:11: unexpected '=', expected a type name"});
}

TEST_CASE("a rowset used before its definition says so") {
  Checked c = check(std::string(kLines) +
                    "a = SELECT line FROM b;\n"
                    "b = SELECT line FROM lines;\n"
                    "OUTPUT a TO \"o\" USING Lines();\n");
  CHECK(c.errors == Errors{"2:22: rowset 'b' is used before it is defined"});
}

TEST_CASE("a handler target defined after the handler is not upstream of it") {
  CHECK(errorsOf(std::string(kLines) + "h = HANDLE lines DETECT line == \"\" CORRECT DELETE FROM later;\n"
                                       "later = SELECT line FROM h;\n"
                                       "OUTPUT later TO \"o\" USING Lines();\n") ==
        Errors{"2:56: back edge target 'later' is not upstream of 'lines'"});
}

TEST_CASE("UNION names unnamed inputs by position") {
  CHECK(errorsOf("t = EXTRACT a:int, b:int FROM \"t\" USING Csv();\n"
                 "u = UNION (SELECT a, b FROM t), (SELECT a FROM t);\n") ==
        Errors{"2:33: UNION input 2 has 1 column, but input 1 has 2"});
  CHECK(errorsOf("t = EXTRACT a:int, b:int FROM \"t\" USING Csv();\n"
                 "u = UNION t, (SELECT b AS a FROM t);\n") ==
        Errors{"2:14: UNION input 2 has 1 column, but 't' has 2"});
}

TEST_CASE("PROCESS without PRODUCE keeps the input's columns") {
  Checked c = check(std::string(kLines) +
                    "same = PROCESS lines USING Identity();\n"
                    "OUTPUT same TO \"o\" USING Lines();\n");
  REQUIRE(c.errors.empty());
  CHECK(schemaText(c.program->relations.at(1).schema) == "line:string");
}

TEST_CASE("a negative RETRY count is a sema error") {
  CHECK(errorsOf(std::string(kLines) + "t = SELECT line FROM lines;\n"
                                       "h = HANDLE t DETECT true CORRECT DELETE FROM lines RETRY -1;\n") ==
        Errors{"3:58: RETRY must be 0 or more"});
}

TEST_CASE("a misspelled rowset does not also make its suggestion unused") {
  Checked c = check(std::string(kLines) + "OUTPUT lnes TO \"o\" USING Lines();\n");
  CHECK(c.diagnostics == Errors{"2:8: error: unknown rowset 'lnes'; did you mean 'lines'?"});
}

TEST_CASE("a bad outside value says where it came from") {
  SourceFile file("wf.scope", "PARAM n : int = 1;\n");
  DiagnosticEngine diags(file);
  ast::Workflow workflow = parseWorkflow(file, diags);
  AnalyzeOptions options = testing::testAnalyzeOptions();
  options.paramOverrides = {{"n", "abc"}};
  options.paramOrigins = {{"n", "in popper.yaml"}};
  CHECK_FALSE(analyze(workflow, file, options, diags));
  REQUIRE(diags.sorted().size() == 1);
  CHECK(diags.sorted()[0].message == "value \"abc\" given in popper.yaml for parameter 'n' is not an int");
}

// What the parser keeps of statements it had to drop, and the optional
// forms (PROCESS without PRODUCE, a signed RETRY count) sema judges instead.
#include <doctest/doctest.h>

#include "parse_test_util.h"

using namespace popper;
using popper::test::Parsed;

TEST_CASE("a dropped assignment or PARAM leaves its name behind") {
  Parsed p(
      "a = EXTRACT x:int FROM \"a\" USING Csv();\n"
      "b = SELECT x FROM a WHERE\n"
      "PARAM n : = 1;\n"
      "OUTPUT b TO \"o\" USING Csv();\n");
  REQUIRE(p.workflow.brokenRowsets.size() == 1);
  CHECK(p.workflow.brokenRowsets[0].name == "b");
  CHECK(p.at(p.workflow.brokenRowsets[0].range) == "2:1");
  REQUIRE(p.workflow.brokenParams.size() == 1);
  CHECK(p.workflow.brokenParams[0].name == "n");
  CHECK(p.at(p.workflow.brokenParams[0].range) == "3:7");
  CHECK(p.workflow.statements.size() == 2);
}

TEST_CASE("a dropped statement of another kind leaves no name") {
  Parsed p("OUTPUT a TO USING Csv();\nSET x = ;\n");
  CHECK(p.workflow.brokenRowsets.empty());
  CHECK(p.workflow.brokenParams.empty());
}

TEST_CASE("PROCESS may leave out PRODUCE") {
  Parsed p("same = PROCESS lines USING Identity();\n");
  CHECK(p.errors().empty());
  CHECK(p.relation<ast::ProcessRel>(0).produce.empty());
  CHECK(p.relation<ast::ProcessRel>(0).processor.op.name == "Identity");
}

TEST_CASE("REDUCE and COMBINE still need PRODUCE") {
  CHECK(Parsed("r = REDUCE t ON k USING First();\n").errors() ==
        std::vector<std::string>{"1:32: unexpected ';', expected 'PRODUCE'"});
}

TEST_CASE("a negative RETRY count parses, for sema to explain") {
  Parsed p("h = HANDLE t DETECT true CORRECT DELETE FROM s RETRY -1;\n");
  CHECK(p.errors().empty());
  const auto& handle = p.relation<ast::HandleRel>(0);
  CHECK(handle.retry == -1);
  CHECK(p.text(handle.retryRange) == "-1");
}

TEST_CASE("expected literals are named with an article") {
  CHECK(Parsed("h = HANDLE t DETECT true CORRECT DELETE FROM s RETRY x;\n").errors() ==
        std::vector<std::string>{"1:54: unexpected identifier 'x', expected a number"});
}

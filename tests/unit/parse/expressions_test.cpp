// Expression forms, precedence, literals and string escapes.
#include <doctest/doctest.h>

#include <limits>

#include "parse_test_util.h"

using namespace popper;
using popper::test::Parsed;
using popper::test::show;

namespace {

// Parses `expr` as the only item of a SELECT; "" when the statement failed.
std::string expr(const std::string& text) {
  Parsed p("x = SELECT " + text + " AS v FROM t;");
  if (p.workflow.statements.empty()) return "";
  return show(*p.relation<ast::SelectRel>(0).items[0].expr);
}

const ast::Expr& firstItem(const Parsed& p) { return *p.relation<ast::SelectRel>(0).items[0].expr; }

}  // namespace

TEST_CASE("operator precedence, tightest first: unary minus, * / %, + -, comparisons, NOT, AND, OR") {
  CHECK(expr("a + b * c") == "(+ a (* b c))");
  CHECK(expr("a * b + c") == "(+ (* a b) c)");
  CHECK(expr("-a * b") == "(* (neg a) b)");
  CHECK(expr("a - b - c") == "(- (- a b) c)");
  CHECK(expr("a / b % c") == "(% (/ a b) c)");
  CHECK(expr("a + b == c * d") == "(== (+ a b) (* c d))");
  CHECK(expr("NOT a == b") == "(not (== a b))");
  CHECK(expr("NOT a AND b") == "(and (not a) b)");
  CHECK(expr("a OR b AND c") == "(or a (and b c))");
  CHECK(expr("a AND b OR c") == "(or (and a b) c)");
  CHECK(expr("(a + b) * c") == "(* (+ a b) c)");
  CHECK(expr("a < b") == "(< a b)");
  CHECK(expr("a <= b") == "(<= a b)");
  CHECK(expr("a > b") == "(> a b)");
  CHECK(expr("a >= b") == "(>= a b)");
  CHECK(expr("a != b") == "(!= a b)");
  CHECK(expr("NOT NOT a") == "(not (not a))");
  CHECK(expr("- - a") == "(neg (neg a))");
}

TEST_CASE("primaries: literals, columns, parameters, IF and calls") {
  CHECK(expr("42") == "42");
  CHECK(expr("3.5") == "3.500000f");
  CHECK(expr("1e-3") == "0.001000f");
  CHECK(expr("2E+2") == "200.000000f");
  CHECK(expr("true") == "true");
  CHECK(expr("FALSE") == "false");
  CHECK(expr("\"hi\"") == "\"hi\"");
  CHECK(expr("t.col") == "t.col");
  CHECK(expr("@p") == "@p");
  CHECK(expr("IF(c, a, b)") == "(if c a b)");
  CHECK(expr("if(a > 1, \"x\", \"y\")") == "(if (> a 1) \"x\" \"y\")");
  CHECK(expr("COUNT(*)") == "COUNT(*)");
  CHECK(expr("now()") == "now()");
  CHECK(expr("substr(s, 0, len(s) - 1)") == "substr(s, 0, (- len(s) 1))");

  Parsed p("x = SELECT substr(s, 1) AS v FROM t;");
  const auto& call = std::get<ast::CallExpr>(firstItem(p).node);
  CHECK(call.function.name == "substr");
  CHECK_FALSE(call.starArg);
  CHECK(p.text(call.function.range) == "substr");
  CHECK(p.text(firstItem(p).range) == "substr(s, 1)");
}

TEST_CASE("expression ranges are exact") {
  Parsed p("x = SELECT (a + b) * -c AS v FROM t;");
  const ast::Expr& mul = firstItem(p);
  CHECK(p.text(mul.range) == "(a + b) * -c");
  const auto& node = std::get<ast::BinaryExpr>(mul.node);
  CHECK(p.text(node.lhs->range) == "(a + b)");
  CHECK(p.text(node.rhs->range) == "-c");
  const auto& negate = std::get<ast::UnaryExpr>(node.rhs->node);
  CHECK(p.text(negate.operand->range) == "c");
  CHECK(p.at(negate.operand->range) == "1:23");
}

TEST_CASE("minus directly before a number folds into a negative literal") {
  CHECK(expr("-5") == "-5");
  CHECK(expr("-9223372036854775808") == std::to_string(std::numeric_limits<int64_t>::min()));
  CHECK(expr("9223372036854775807") == "9223372036854775807");
  CHECK(expr("-2.5") == "-2.500000f");
  CHECK(expr("-(5)") == "(neg 5)");
  CHECK(expr("a - 5") == "(- a 5)");
  Parsed p("x = SELECT -5 AS v FROM t;");
  CHECK(p.text(firstItem(p).range) == "-5");
  Parsed set("SET low = -9223372036854775808;");
  REQUIRE(set.errors().empty());
  CHECK(set.stmt<ast::SetStmt>(0).value.asInt() == std::numeric_limits<int64_t>::min());
}

TEST_CASE("integer literals outside int64 are errors") {
  Parsed p(
      "x = SELECT 9223372036854775808 AS a, -9223372036854775809 AS b, 99999999999999999999999 AS c FROM t;\n"
      "SET big = 9223372036854775808;\n"
      "y = HANDLE t DETECT true CORRECT DELETE FROM s RETRY 99999999999999999999;\n"
      "SET huge = 1e999;\n");
  CHECK(p.errors() == std::vector<std::string>{
                          "1:12: integer literal out of range",
                          "1:38: integer literal out of range",
                          "1:65: integer literal out of range",
                          "2:11: integer literal out of range",
                          "3:54: integer literal out of range",
                          "4:12: float literal out of range",
                      });
  // The statements are kept, so later stages still check them.
  CHECK(p.workflow.statements.size() == 4);
}

TEST_CASE("string escapes are decoded") {
  Parsed p(R"(x = SELECT "a\"b\\c\nd\te" AS v FROM t;)");
  REQUIRE(p.errors().empty());
  CHECK(std::get<ast::LiteralExpr>(firstItem(p).node).literal.asString() == "a\"b\\c\nd\te");
  CHECK(p.text(firstItem(p).range) == R"("a\"b\\c\nd\te")");
}

TEST_CASE("an unknown escape is an error located on the escape") {
  Parsed p("x = SELECT \"ab\\qc\" AS v, \"é\\é\" AS w FROM t;\nIMPORT \"x\\y\";");
  CHECK(p.errors() == std::vector<std::string>{
                          "1:15: unknown escape sequence '\\q'",
                          "1:28: unknown escape sequence '\\é'",
                          "2:10: unknown escape sequence '\\y'",
                      });
  CHECK(p.text(p.diags.sorted()[0].range) == "\\q");
  CHECK(p.text(p.diags.sorted()[1].range) == "\\é");
}

TEST_CASE("non-ASCII text in strings and comments keeps byte ranges exact") {
  Parsed p("/* café */ x = SELECT \"été\" AS v, naïve_col FROM t; // ünïcödé\ny = SELECT b FROM x;\n");
  // 'ï' is not an identifier character: the error points at it, the next
  // statement still parses.
  CHECK(p.errors() == std::vector<std::string>{"1:37: unexpected character 'ï'"});
  REQUIRE(p.workflow.statements.size() == 1);
  CHECK(p.at(p.statement(0).range) == "2:1");

  Parsed q("/* café */ x = SELECT \"été\" AS v FROM t; // ünïcödé\ny = SELECT é FROM x;\n");
  REQUIRE(q.workflow.statements.size() == 1);
  const ast::Expr& literal = firstItem(q);
  CHECK(std::get<ast::LiteralExpr>(literal.node).literal.asString() == "été");
  CHECK(q.text(literal.range) == "\"été\"");
  CHECK(q.at(literal.range) == "1:23");
  CHECK(q.text(q.relation<ast::SelectRel>(0).from.range) == "t");
  CHECK(q.errors() == std::vector<std::string>{"2:12: unexpected character 'é'"});
}

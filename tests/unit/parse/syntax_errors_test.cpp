// Syntax errors: readable, located, one per statement, all of them in one run.
#include <doctest/doctest.h>

#include "parse_test_util.h"

using namespace popper;
using popper::test::Parsed;

namespace {

std::vector<std::string> errorsOf(const std::string& text) { return Parsed(text).errors(); }

}  // namespace

TEST_CASE("messages name tokens as the user writes them") {
  CHECK(errorsOf("a = SELECT x FROM t\n") == std::vector<std::string>{"1:20: expected ';' after statement"});
  CHECK(errorsOf("x = SELECT a, FROM t;") ==
        std::vector<std::string>{"1:15: unexpected 'FROM', expected an expression"});
  CHECK(errorsOf("x = SELECT a FROM t WHERE;") ==
        std::vector<std::string>{"1:26: unexpected ';', expected an expression"});
  CHECK(errorsOf("PARAM input : = \"x\";") ==
        std::vector<std::string>{"1:15: unexpected '=', expected a type name"});
  CHECK(errorsOf("x = SELECT f(a FROM t;") ==
        std::vector<std::string>{"1:15: missing ')'", "1:13: note: to match this '('"});
  CHECK(errorsOf("x = SELECT (a + f(b) AS v FROM t;") ==
        std::vector<std::string>{"1:21: missing ')'", "1:12: note: to match this '('"});
  CHECK(errorsOf("x = SELECT f(a b) FROM t;") ==
        std::vector<std::string>{"1:16: unexpected identifier 'b', expected ',' or ')'"});
  CHECK(errorsOf("x = FOO y;") ==
        std::vector<std::string>{
            "1:5: unexpected identifier 'FOO', expected a relation (EXTRACT, SELECT, PROCESS, REDUCE, "
            "COMBINE, UNION or HANDLE)"});
  CHECK(errorsOf("x = SELECT a FROM order;") ==
        std::vector<std::string>{"1:19: unexpected keyword 'order', expected a rowset name or '('"});
  CHECK(errorsOf("SET x = ;") == std::vector<std::string>{"1:9: unexpected ';', expected a literal"});
  CHECK(errorsOf("42;") == std::vector<std::string>{"1:1: unexpected number '42', expected a statement"});
  CHECK(errorsOf("x;") == std::vector<std::string>{"1:2: unexpected ';', expected '='"});
  CHECK(errorsOf("x = SELECT a FROM t") == std::vector<std::string>{"1:20: expected ';' after statement"});
  CHECK(errorsOf("x = SELECT t. FROM t;") ==
        std::vector<std::string>{"1:15: unexpected 'FROM', expected a column name or '*' after '.'"});
  CHECK(errorsOf("x = HANDLE t DETECT a CORRECT DELETE FROM s EVENTUALLY KEEP;") ==
        std::vector<std::string>{"1:56: unexpected identifier 'KEEP', expected 'PASS', 'DROP' or 'REJECT'"});
  CHECK(errorsOf("x = HANDLE t DETECT a CORRECT s;") ==
        std::vector<std::string>{
            "1:31: unexpected identifier 's', expected an action (EDIT, APPEND TO or DELETE FROM)"});
  CHECK(
      errorsOf("x = EXTRACT a:int FROM t USING Lines();") ==
      std::vector<std::string>{"1:24: unexpected identifier 't', expected a file path string or @parameter"});
  CHECK(errorsOf("x = SELECT a FROM t; \"") == std::vector<std::string>{"1:22: unterminated string literal"});
}

TEST_CASE("lexical errors are clean diagnostics with exact ranges") {
  Parsed p(
      "x = SELECT \"abc FROM t;\n"
      "y = SELECT a FROM t WHERE a > 1 $;\n"
      "z = SELECT a FROM t;\n"
      "/* never closed\n"
      "w = SELECT 1 FROM t;\n");
  CHECK(p.errors() == std::vector<std::string>{
                          "1:12: unterminated string literal",
                          "2:33: unexpected character '$'",
                          "4:1: unterminated block comment",
                      });
  const auto sorted = p.diags.sorted();
  CHECK(p.text(sorted[0].range) == "\"abc FROM t;");
  CHECK(p.text(sorted[1].range) == "$");
  CHECK(p.text(sorted[2].range) == "/*");
  REQUIRE(p.workflow.statements.size() == 1);
  CHECK(p.stmt<ast::AssignStmt>(0).name.name == "z");
}

TEST_CASE("a NUL byte and invalid UTF-8 are reported as characters") {
  CHECK(errorsOf(std::string("x = SELECT a FROM t;\n\0;", 23)) ==
        std::vector<std::string>{"2:1: unexpected character '\\x00'"});
  CHECK(errorsOf("x = SELECT a \xff FROM t;") ==
        std::vector<std::string>{"1:14: unexpected character '\\xff'"});
}

TEST_CASE("every statement's error is reported in one run, one per statement") {
  Parsed p(
      "PARAM input : = \"x\";\n"                  // 1: error
      "a = SELECT x FROM t\n"                     // 2: missing ';' (next line starts a statement)
      "b = SELECT y, FROM a;\n"                   // 3: error, then nothing more from this line
      "good1 = SELECT y FROM a;\n"                // 4: fine
      "c = SELECT f(a b) FROM t WHERE = = =;\n"   // 5: one error only
      "OUTPUT good1 TO \"x.csv\" USING Csv();\n"  // 6: fine
      "d = SELECT a FROM t WHERE b = c;\n"        // 7: '=' for '=='
      "e = HANDLE t DETECT true CORRECT EDIT s SET a = 1, b == 2;\n"  // 8: in an action
      "good2 = UNION a, b;\n");                                       // 9: fine
  CHECK(p.errors() == std::vector<std::string>{
                          "1:15: unexpected '=', expected a type name",
                          "2:20: expected ';' after statement",
                          "3:15: unexpected 'FROM', expected an expression",
                          "5:16: unexpected identifier 'b', expected ',' or ')'",
                          "7:29: unexpected '=', did you mean '=='?",
                          "8:54: unexpected '==', expected '='",
                      });
  std::vector<std::string> names;
  for (const auto& s : p.workflow.statements) {
    if (auto* assign = std::get_if<ast::AssignStmt>(&s.node))
      names.push_back(assign->name.name);
    else
      names.push_back("OUTPUT");
  }
  CHECK(names == std::vector<std::string>{"good1", "OUTPUT", "good2"});
}

TEST_CASE("a missing ';' before a statement keyword resynchronises there") {
  Parsed p("x = SELECT a FROM t\nOUTPUT x TO \"o.csv\" USING Csv();\nPARAM p : int = 1\nIMPORT \"a.so\";");
  CHECK(p.errors() ==
        std::vector<std::string>{"1:20: expected ';' after statement", "3:18: expected ';' after statement"});
  REQUIRE(p.workflow.statements.size() == 2);
  CHECK(std::holds_alternative<ast::OutputStmt>(p.statement(0).node));
  CHECK(std::holds_alternative<ast::ImportStmt>(p.statement(1).node));
}

TEST_CASE("diagnostics never show ANTLR internals") {
  const char* inputs[] = {"x = ;",
                          "= = =",
                          "PARAM",
                          "OUTPUT",
                          "x = UNION a;",
                          "x = SELECT * FROM",
                          ")",
                          "@",
                          "x = PROCESS t USING Op() PRODUCE ;",
                          "x = REDUCE t ON USING",
                          "IMPORT x;"};
  for (const char* input : inputs) {
    Parsed p(input);
    REQUIRE(p.diags.errorCount() >= 1);
    for (const Diagnostic& d : p.diags.diagnostics()) {
      INFO(input << " -> " << d.message);
      CHECK(d.message.find("T__") == std::string::npos);
      CHECK(d.message.find('{') == std::string::npos);
      CHECK(d.message.find("<EOF>") == std::string::npos);
      CHECK(d.message.find("IDENT") == std::string::npos);
      CHECK(d.message.find("mismatched") == std::string::npos);
      CHECK(d.message.back() != '.');
    }
  }
}

TEST_CASE("the end of the file is named as such") {
  CHECK(errorsOf("x = SELECT a FROM") ==
        std::vector<std::string>{"1:18: unexpected end of file, expected a rowset name or '('"});
  CHECK(errorsOf("OUTPUT x TO \"o\" USING Csv(") ==
        std::vector<std::string>{"1:27: missing ')'", "1:26: note: to match this '('"});
}

TEST_CASE("a UTF-8 byte order mark is ignored") {
  Parsed p("\xEF\xBB\xBFx = SELECT a FROM t;");
  CHECK(p.errors().empty());
  CHECK(p.workflow.statements.size() == 1);
  CHECK(p.statement(0).range.begin == 3);
}

TEST_CASE("a file of nothing but errors stops after a hundred of them") {
  std::string text;
  for (int i = 0; i < 500; ++i) text += "x = ;\n";
  Parsed p(text);
  CHECK(p.diags.errorCount() == 101);
  CHECK(p.diags.diagnostics().back().message == "too many syntax errors, stopping now");
}

TEST_CASE("the note pointing at an unclosed '(' is printed after its error") {
  Parsed p("x = SELECT f(a FROM t;");
  CHECK(renderText(p.diags) ==
        "wf.scope:1:15: error: missing ')'\n"
        "x = SELECT f(a FROM t;\n"
        "              ^\n"
        "wf.scope:1:13: note: to match this '('\n"
        "x = SELECT f(a FROM t;\n"
        "            ^\n");
}

// The parser never crashes or hangs: deep nesting, random bytes, mutated
// workflows, huge lines. Also its speed on a large workflow.
#include <doctest/doctest.h>

#include <cctype>
#include <chrono>
#include <random>

#include "parse_test_util.h"

using namespace popper;
using popper::test::Parsed;

namespace {

std::string repeat(const std::string& piece, size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (size_t i = 0; i < times; ++i) out += piece;
  return out;
}

// Every diagnostic lies inside the file and reads like one.
void checkWellFormed(const Parsed& p) {
  for (const Diagnostic& d : p.diags.diagnostics()) {
    CHECK(d.range.begin <= d.range.end);
    CHECK(d.range.end <= p.file.text().size());
    REQUIRE_FALSE(d.message.empty());
    CHECK(std::islower(static_cast<unsigned char>(d.message[0])));
  }
}

const char* kTour = R"(PARAM input : string = "data/reviews.txt";
SET threads = 2;
IMPORT "build/libmyops.so";
lines  = EXTRACT line:string, translated:bool = false FROM @input USING Lines();
fast   = SELECT id, seg, speed * 3.6 AS kmh FROM trips WHERE speed > 0 AND seg != "";
bySeg  = SELECT seg, COUNT(*) AS n, AVG(kmh) AS mean_kmh FROM fast GROUP BY seg HAVING n > 1;
named  = SELECT fast.id, segs.name FROM fast JOIN segs ON fast.seg == segs.seg; // join
both   = UNION english, translated_rows;
scored = PROCESS lines USING Sentiment(text: line) PRODUCE sentiment:string, confidence:float;
top    = REDUCE scored ON sentiment USING TopK(k: -3) PRODUCE sentiment:string, line:string;
pairs  = COMBINE a WITH b ON a.key == b.key USING Matcher() PRODUCE key:string, score:float;
/* handler */
checked = HANDLE cards DETECT NOT (dob > issued OR issued > expires)
          CORRECT EDIT ocr USING Ocr(engine: "alt"), APPEND TO t SET a = IF(x, "é\n", -1.5e3)
          RETRY 1 EVENTUALLY REJECT;
OUTPUT (SELECT line FROM scored WHERE sentiment == "positive") TO "out/positive.csv" USING Csv(header: true);
OUTPUT bySeg TO "out/segments.csv" USING Csv(header: true) ORDER BY seg DESC;
)";

}  // namespace

TEST_CASE("deep nesting is refused with a located error, not a stack overflow") {
  const size_t n = 100000;
  const std::string tail = "\ny = SELECT b FROM t;\n";
  const std::string nestedSources = "x = SELECT a FROM " + repeat("(SELECT a FROM ", n) + "t;";
  for (const std::string& text : {"x = SELECT " + repeat("(", n) + "a" + repeat(")", n) + " AS v FROM t;",
                                  "x = SELECT " + repeat("-", n) + "a AS v FROM t;",
                                  "x = SELECT " + repeat("NOT ", n) + "a AS v FROM t;",
                                  "x = SELECT a" + repeat(" == NOT a", n) + " AS v FROM t;",
                                  "x = SELECT " + repeat("-(", n) + "a AS v FROM t;",
                                  "x = SELECT " + repeat("f(", n) + "a AS v FROM t;", nestedSources,
                                  "x = SELECT " + repeat("(", n) + " FROM t;"}) {
    Parsed p(text + tail);
    REQUIRE(p.diags.errorCount() == 1);
    CHECK(p.diags.diagnostics()[0].message ==
          (text == nestedSources ? "relation nested too deeply" : "expression nested too deeply"));
    CHECK(p.at(p.diags.diagnostics()[0].range).rfind("1:", 0) == 0);
    REQUIRE(p.workflow.statements.size() == 1);  // the next statement still parses
    CHECK(p.stmt<ast::AssignStmt>(0).name.name == "y");
    REQUIRE(p.workflow.brokenRowsets.size() == 1);  // so uses of x do not cascade
    CHECK(p.workflow.brokenRowsets[0].name == "x");
  }
}

TEST_CASE("the nesting limit sits at kMaxNestingDepth") {
  Parsed ok("x = SELECT " + repeat("(", 150) + "a" + repeat(")", 150) + " + " + repeat("-", 40) +
            "b AS v FROM t;");
  CHECK(ok.errors().empty());
  Parsed tooDeep("x = SELECT " + repeat("(", 250) + "a" + repeat(")", 250) + " AS v FROM t;");
  CHECK(tooDeep.errors() == std::vector<std::string>{"1:212: expression nested too deeply"});
}

TEST_CASE("long operator chains parse; absurdly long ones are refused") {
  Parsed ok("x = SELECT a" + repeat(" + a", 500) + repeat(" AND b", 300) + " AS v FROM t;");
  CHECK(ok.errors().empty());
  Parsed huge("x = SELECT a" + repeat(" + a", 200000) + " AS v FROM t;\ny = SELECT b FROM t;");
  CHECK(huge.diags.errorCount() == 1);
  CHECK(huge.diags.diagnostics()[0].message == "expression nested too deeply");
  CHECK(huge.workflow.statements.size() == 1);
  REQUIRE(huge.workflow.brokenRowsets.size() == 1);
  CHECK(huge.workflow.brokenRowsets[0].name == "x");
}

TEST_CASE("a one-megabyte line") {
  const std::string big(1 << 20, 'a');
  Parsed string("x = SELECT \"" + big + "\" AS v FROM t;");
  CHECK(string.errors().empty());
  Parsed ident("x = SELECT " + big + " AS v FROM t $;");
  CHECK(ident.errors().size() == 1);
  CHECK_FALSE(renderText(ident.diags).empty());
  Parsed garbage(repeat("a+ ", 350000));
  CHECK(garbage.diags.errorCount() >= 1);
  checkWellFormed(garbage);
}

TEST_CASE("random bytes never crash the parser") {
  std::mt19937 random(12345);
  for (int round = 0; round < 300; ++round) {
    std::string text(random() % 400, '\0');
    for (char& c : text) c = static_cast<char>(random() % 256);
    Parsed p(text);
    checkWellFormed(p);
  }
  // Printable noise, which gets further into the grammar.
  const std::string alphabet = "abcXYZ_09 ;:=,()@*.-+/%<>!\"\\\n\t/*é";
  for (int round = 0; round < 300; ++round) {
    std::string text(random() % 400, ' ');
    for (char& c : text) c = alphabet[random() % alphabet.size()];
    Parsed p(text);
    checkWellFormed(p);
  }
}

TEST_CASE("thousands of mutated workflows never crash the parser") {
  const std::string tour = kTour;
  {
    Parsed clean(tour);
    REQUIRE(clean.errors().empty());
  }
  const std::string pieces[] = {";",
                                "(",
                                ")",
                                ",",
                                "=",
                                "==",
                                "\"",
                                "/*",
                                "*/",
                                "//",
                                "-",
                                "NOT",
                                "SELECT",
                                "FROM",
                                "x",
                                "42",
                                "9999999999999999999999",
                                "\"\\q\"",
                                "é",
                                std::string(1, '\0'),
                                "\xff",
                                "@",
                                ".",
                                "*",
                                "AS",
                                "HANDLE",
                                "CORRECT",
                                "\n"};
  std::mt19937 random(777);
  size_t withErrors = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text = tour;
    for (int m = 1 + static_cast<int>(random() % 3); m > 0; --m) {
      size_t at = random() % (text.size() + 1);
      switch (random() % 4) {
        case 0:
          text.erase(at, random() % 12);
          break;
        case 1:
          text.insert(at, pieces[random() % std::size(pieces)]);
          break;
        case 2:
          text.insert(at, text.substr(random() % text.size(), random() % 20));
          break;
        default:
          if (at < text.size()) text[at] = static_cast<char>(random() % 128);
          break;
      }
    }
    Parsed p(text);
    checkWellFormed(p);
    // One syntax error per statement at most: never more than the statements.
    CHECK(p.diags.errorCount() <= 40);
    withErrors += p.diags.hasErrors();
  }
  CHECK(withErrors > 1000);
}

TEST_CASE("a 2,000-statement workflow parses quickly") {
  const char* forms[] = {
      "PARAM p{} : string = \"data/{}.txt\";",
      "r{} = EXTRACT id:int, seg:string, speed:float = 1.5 FROM @p{} USING Csv(header: true);",
      "f{} = SELECT id, seg, speed * 3.6 AS kmh, IF(speed > 10, \"fast\", \"slow\") AS cls FROM r{} "
      "WHERE speed > 0 AND seg != \"\" AND NOT (id % 2 == 0 OR len(seg) > 3);",
      "g{} = SELECT seg, COUNT(*) AS n, AVG(kmh) AS mean FROM f{} GROUP BY seg HAVING n > 1;",
      "j{} = SELECT f{}.id, s.name FROM f{} JOIN segs AS s ON f{}.seg == s.seg;",
      "u{} = UNION a{}, (SELECT x FROM b{}), c{};",
      "p{} = PROCESS lines USING Sentiment(text: line, k: -3) PRODUCE sentiment:string, confidence:float;",
      "h{} = HANDLE cards DETECT dob > issued OR issued > expires CORRECT EDIT ocr USING Ocr(engine: "
      "\"alt\"), "
      "APPEND TO t SET a = a + 1, b = \"x\" RETRY 2 EVENTUALLY DROP;",
      "OUTPUT (SELECT line FROM s{} WHERE sentiment == \"positive\") TO \"out/{}.csv\" USING Csv(header: "
      "true) "
      "ORDER BY line DESC, x;",
      "SET threads = {};",
  };
  std::string text;
  for (size_t i = 0; i < 2000; ++i) {
    std::string statement = forms[i % std::size(forms)];
    for (size_t at; (at = statement.find("{}")) != std::string::npos;)
      statement.replace(at, 2, std::to_string(i));
    text += statement + "\n";
  }
  { Parsed warmUp("x = SELECT a FROM t;"); }
  auto start = std::chrono::steady_clock::now();
  Parsed p(text);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  MESSAGE("2,000 statements (" << text.size() / 1024 << " KiB) parsed in " << ms << " ms");
  CHECK(p.errors().empty());
  CHECK(p.workflow.statements.size() == 2000);
  CHECK(ms < 1000);  // generous: shared CI machines; typically far less
}

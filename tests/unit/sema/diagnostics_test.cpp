// Semantic errors: each message, its location, and that one mistake is
// reported once (no cascades) while every independent mistake is reported.
#include <doctest/doctest.h>

#include "common/NameSuggest.h"
#include "tests/unit/sema/sema_test_util.h"

using namespace popper;
using namespace popper::test;
using Errors = std::vector<std::string>;

namespace {
const char* kTrips = "trips = EXTRACT id:int, seg:string, speed:float FROM \"t.csv\" USING Csv();\n";
}

TEST_CASE("unknown names come with a suggestion and the exact location") {
  CHECK(errorsOf(std::string(kTrips) + "f = SELECT sped FROM trips;\n") ==
        Errors{"2:12: unknown column 'sped' in 'trips'; did you mean 'speed'?"});
  CHECK(errorsOf(std::string(kTrips) + "f = SELECT id FROM trip;\n") ==
        Errors{"2:20: unknown rowset 'trip'; did you mean 'trips'?"});
  CHECK(errorsOf(std::string(kTrips) + "f = SELECT lenn(seg) AS n FROM trips;\n") ==
        Errors{"2:12: unknown function 'lenn'; did you mean 'len'?"});
  CHECK(errorsOf(std::string(kTrips) + "f = SELECT x.id FROM trips;\n") ==
        Errors{"2:12: unknown rowset or alias 'x'"});
  CHECK(errorsOf(std::string(kTrips) + "f = SELECT id FROM trips WHERE speed > @lim;\n") ==
        Errors{"2:41: unknown parameter 'lim'"});
}

TEST_CASE("an unknown rowset does not cascade into its consumers") {
  Errors errors = errorsOf(R"(a = SELECT x, y + 1 AS z FROM nowhere WHERE y > 2;
b = SELECT z, w FROM a;
c = PROCESS b USING Sentiment(text: w) PRODUCE s:string, c:float;
OUTPUT c TO "o.csv" USING Csv();
)");
  CHECK(errors == Errors{"1:31: unknown rowset 'nowhere'"});
}

TEST_CASE("type errors point at the offending operand") {
  std::string src = kTrips;
  CHECK(errorsOf(src + "f = SELECT id FROM trips WHERE seg;\n") ==
        Errors{"2:32: WHERE condition must be bool, got string"});
  CHECK(errorsOf(src + "f = SELECT id FROM trips WHERE NOT id;\n") ==
        Errors{"2:36: operand of 'NOT' must be bool, got int"});
  CHECK(errorsOf(src + "f = SELECT id - seg AS d FROM trips;\n") ==
        Errors{"2:17: operand of '-' must be int or float, got string"});
  CHECK(errorsOf(src + "f = SELECT id % speed AS d FROM trips;\n") ==
        Errors{"2:17: operand of '%' must be int, got float"});
  CHECK(errorsOf(src + "f = SELECT seg + id AS d FROM trips;\n") ==
        Errors{"2:12: cannot add string and int (use concat or to_string to join values as text)"});
  CHECK(errorsOf(src + "f = SELECT id FROM trips WHERE seg == 3;\n") ==
        Errors{"2:32: cannot compare string with int"});
  CHECK(errorsOf(src + "f = SELECT IF(id, 1, 2) AS d FROM trips;\n") ==
        Errors{"2:15: condition of IF must be bool, got int"});
  CHECK(errorsOf(src + "f = SELECT len(id) AS d FROM trips;\n") ==
        Errors{"2:16: argument 1 of 'len' must be string, got int"});
  CHECK(errorsOf(src + "f = SELECT substr(seg) AS d FROM trips;\n") ==
        Errors{"2:12: 'substr' takes 2 or 3 arguments, got 1"});
  // Widening and string concatenation are fine.
  CHECK(errorsOf(src + "f = SELECT id + speed AS d, seg + \"!\" AS e, max(id, speed) AS m FROM "
                       "trips;\nOUTPUT f TO \"o\" USING Csv();\n")
            .empty());
}

TEST_CASE("SELECT output names") {
  std::string src = kTrips;
  CHECK(errorsOf(src + "f = SELECT id + 1 FROM trips;\n") ==
        Errors{"2:12: computed column needs a name (use AS)"});
  CHECK(errorsOf(src + "f = SELECT id, seg AS id FROM trips;\n") ==
        Errors{"2:23: duplicate output column 'id' (rename it with AS)"});
}

TEST_CASE("GROUP BY rules") {
  std::string src = kTrips;
  CHECK(errorsOf(src + "f = SELECT seg, speed FROM trips GROUP BY seg;\n") ==
        Errors{"2:17: column 'speed' must appear in GROUP BY or be used in an aggregate function"});
  CHECK(errorsOf(src + "f = SELECT id FROM trips WHERE COUNT(*) > 1;\n") ==
        Errors{"2:32: aggregate function 'COUNT' is not allowed in WHERE"});
  CHECK(errorsOf(src + "f = SELECT seg, SUM(COUNT(*)) AS n FROM trips GROUP BY seg;\n") ==
        Errors{"2:21: aggregate function calls cannot be nested"});
  CHECK(errorsOf(src + "f = SELECT seg, SUM(seg) AS n FROM trips GROUP BY seg;\n") ==
        Errors{"2:21: argument of 'sum' must be int or float, got string"});
  CHECK(errorsOf(src + "f = SELECT id FROM trips HAVING id > 1;\n") ==
        Errors{"2:33: HAVING needs GROUP BY or an aggregate function (use WHERE to filter rows)"});
  CHECK(errorsOf(src + "f = SELECT * FROM trips GROUP BY seg;\n") ==
        Errors{"2:12: '*' cannot be used with GROUP BY or aggregate functions"});
}

TEST_CASE("JOIN needs an equality between its two sides") {
  std::string src =
      std::string(kTrips) + "segs = EXTRACT seg:string, name:string FROM \"s.csv\" USING Csv();\n";
  CHECK(errorsOf(src + "j = SELECT trips.id FROM trips JOIN segs ON trips.id > 3;\n") ==
        Errors{"3:45: JOIN ON needs an equality between a column of 'trips' and a column of 'segs'"});
  CHECK(errorsOf(src + "j = SELECT id, seg FROM trips JOIN segs ON trips.seg == segs.seg;\n") ==
        Errors{"3:16: column 'seg' is ambiguous; qualify it as 'trips.seg' or 'segs.seg'"});
  CHECK(errorsOf(src + "j = SELECT segs.name FROM segs JOIN segs ON segs.seg == segs.seg;\n") ==
        Errors{"3:37: both sides of the JOIN are named 'segs'; rename one with AS"});
  CHECK(errorsOf(src + "j = SELECT s.name FROM trips AS t JOIN segs AS s ON t.seg == s.seg;\nOUTPUT j TO "
                       "\"o\" USING Csv();\n")
            .empty());
}

TEST_CASE("operator signatures") {
  std::string src = "lines = EXTRACT line:string FROM \"in.txt\" USING Lines();\n";
  CHECK(errorsOf("x = EXTRACT line:string FROM \"in.txt\" USING Line();\n") ==
        Errors{"1:45: unknown extractor 'Line'; did you mean 'Lines'?"});
  CHECK(errorsOf("x = EXTRACT line:string FROM \"in.txt\" USING Sentiment();\n") ==
        Errors{"1:45: 'Sentiment' is a processor, not an extractor"});
  CHECK(errorsOf(src + "t = PROCESS lines USING Translate(text: line) PRODUCE en:string;\n") ==
        Errors{"2:25: missing required argument 'pair' for 'Translate'"});
  CHECK(errorsOf(
            src +
            "t = PROCESS lines USING Translate(text: line, par: \"a\", pair: \"b\") PRODUCE en:string;\n") ==
        Errors{"2:47: 'Translate' has no argument 'par'; did you mean 'pair'?"});
  CHECK(errorsOf(src + "t = PROCESS lines USING Translate(text: line, pair: 3) PRODUCE en:string;\n") ==
        Errors{"2:53: argument 'pair' of 'Translate' must be string, got int"});
  CHECK(errorsOf(src + "t = PROCESS lines USING Sentiment(text: line, text: line) PRODUCE s:string;\n") ==
        Errors{"2:47: argument 'text' is given twice"});
  CHECK(errorsOf(src + "t = PROCESS lines USING Sentiment(text: lin) PRODUCE s:string;\n") ==
        Errors{"2:41: unknown column 'lin' in 'lines'; did you mean 'line'?"});
  CHECK(errorsOf(src + "t = PROCESS lines USING LanguageId(text: line) PRODUCE lang:float;\n") ==
        Errors{"2:61: 'LanguageId' output 1 is lang:string, but PRODUCE declares lang:float"});
  CHECK(
      errorsOf(src +
               "t = PROCESS lines USING Translate(text: line, pair: \"a\") PRODUCE a:string, b:string;\n") ==
      Errors{"2:76: 'Translate' produces 1 column, but PRODUCE lists 2"});
  CHECK(errorsOf("x = EXTRACT line:string, n:int FROM \"in.txt\" USING Lines();\n") ==
        Errors{"1:26: column 'n' needs a default value: 'Lines' provides only 1 column"});
  CHECK(errorsOf("x = EXTRACT line:strng FROM \"in.txt\" USING Lines();\n") ==
        Errors{"1:18: unknown type 'strng'; did you mean 'string'?"});
  CHECK(errorsOf("x = EXTRACT line:string, ok:bool = 1 FROM \"in.txt\" USING Lines();\n") ==
        Errors{"1:36: default value of column 'ok' must be bool, got int"});
}

TEST_CASE("UNION inputs must match in names and types") {
  std::string src =
      "a = EXTRACT x:int FROM \"a\" USING Csv();\nb = EXTRACT x:string FROM \"b\" USING Csv();\n";
  CHECK(errorsOf(src + "u = UNION a, b;\n") ==
        Errors{"3:14: UNION input 'b' has column 1 x:string, but 'a' has x:int"});
}

TEST_CASE("handler back edges") {
  std::string src = R"(lines = EXTRACT line:string, n:int = 0 FROM "in" USING Lines();
other = EXTRACT line:string FROM "in2" USING Lines();
tagged = PROCESS lines USING LanguageId(text: line) PRODUCE lang:string;
)";
  CHECK(errorsOf(src + "h = HANDLE tagged DETECT lang == \"x\" CORRECT DELETE FROM other;\n") ==
        Errors{"4:58: back edge target 'other' is not upstream of 'tagged'"});
  CHECK(errorsOf(src + "h = HANDLE tagged DETECT lang == \"x\" CORRECT DELETE FROM tagged;\n") ==
        Errors{"4:58: back edge target 'tagged' is not upstream of 'tagged'"});
  CHECK(errorsOf(src + "h = HANDLE tagged DETECT true CORRECT EDIT lines SET lne = \"x\";\n") ==
        Errors{"4:54: rowset 'lines' has no column 'lne'; did you mean 'line'?"});
  CHECK(errorsOf(src + "h = HANDLE tagged DETECT true CORRECT EDIT lines SET n = lang;\n") ==
        Errors{"4:58: column 'n' of 'lines' is int, but the value is string"});
  CHECK(errorsOf(src + "h = HANDLE tagged DETECT true CORRECT EDIT lines USING Sentiment(text: line);\n") ==
        Errors{"4:44: EDIT USING recomputes rows of a PROCESS, but 'lines' is an EXTRACT"});
  CHECK(errorsOf(src + "h = HANDLE tagged DETECT true CORRECT EDIT tagged USING Sentiment(text: line);\n") ==
        Errors{"4:44: back edge target 'tagged' is not upstream of 'tagged'"});
  CHECK(errorsOf(src + "t2 = PROCESS tagged USING Identity() PRODUCE z:int;\n") ==
        Errors{"4:46: 'Identity' produces 0 columns, but PRODUCE lists 1"});
  CHECK(errorsOf(src + "s = PROCESS lines USING Sentiment(text: line) PRODUCE s:string, c:float;\n"
                       "t2 = SELECT * FROM s;\n"
                       "h = HANDLE t2 DETECT true CORRECT EDIT s USING Tokenize(text: line);\n") ==
        Errors{"6:48: 'Tokenize' produces (token:string), but 's' needs (s:string, c:float)"});
  // An operator producing more columns than the target's PRODUCE list is fine (PRODUCE may take a prefix).
  CHECK(
      errorsOf(
          src +
          "t2 = SELECT * FROM tagged;\n"
          "h = HANDLE t2 DETECT true CORRECT EDIT tagged USING LanguageId(text: line, languages: \"en\");\n")
          .empty());
  CHECK(errorsOf(src + "h = HANDLE tagged DETECT n CORRECT DELETE FROM lines;\n") ==
        Errors{"4:26: DETECT condition must be bool, got int"});
}

TEST_CASE("parameters and options") {
  CHECK(errorsOf("PARAM n : int = \"x\";\n") ==
        Errors{"1:17: default value of parameter 'n' must be int, got string"});
  CHECK(errorsOf("PARAM n : int = 1;\n", {{"n", "abc"}}) ==
        Errors{"1:7: value \"abc\" given for parameter 'n' is not an int"});
  CHECK(errorsOf("PARAM n : int;\n") ==
        Errors{"1:7: parameter 'n' has no default value and none was given (use -p n=VALUE)"});
  CHECK(errorsOf("PARAM n : int;\n", {{"n", "5"}}).empty());
  CHECK(errorsOf("PARAM n : int = 1;\n", {{"m", "5"}}) ==
        Errors{"1:1: unknown parameter 'm' given from outside the workflow (no PARAM m)"});
  CHECK(errorsOf("SET thread = 2;\n") == Errors{"1:5: unknown option 'thread'; did you mean 'threads'?"});
  CHECK(errorsOf("SET threads = 0;\n") == Errors{"1:15: option 'threads' must be at least 1"});
  CHECK(errorsOf("SET max_rejects = \"a\";\n") ==
        Errors{"1:19: option 'max_rejects' must be an int, got string"});
  CHECK(errorsOf("PARAM p : int = 1;\nx = EXTRACT a:int FROM @p USING Csv();\n") ==
        Errors{"2:24: parameter 'p' is int, but a path must be a string"});
}

TEST_CASE("redefinitions and unused rowsets") {
  Checked c = check(R"(a = EXTRACT x:int FROM "a" USING Csv();
a = EXTRACT y:int FROM "b" USING Csv();
u = SELECT x FROM a;
h = HANDLE a DETECT x > 1 CORRECT DELETE FROM a;
)");
  CHECK(c.diagnostics == Errors{"2:1: error: redefinition of rowset 'a'",
                                "3:1: warning: rowset 'u' is never used",
                                "4:47: error: back edge target 'a' is not upstream of 'a'"});
}

TEST_CASE("all independent errors are reported in one run") {
  Errors errors = errorsOf(R"(SET threads = 0;
t = EXTRACT a:int FROM "t" USING Csv();
x = SELECT b FROM t;
y = SELECT a FROM t WHERE a;
z = SELECT a, c FROM t WHERE d > 1;
)");
  CHECK(errors == Errors{"1:15: option 'threads' must be at least 1", "3:12: unknown column 'b' in 't'",
                         "4:27: WHERE condition must be bool, got int", "5:15: unknown column 'c' in 't'",
                         "5:30: unknown column 'd' in 't'"});
}

TEST_CASE("did-you-mean picks the closest candidate, and gives up early on a very long name") {
  CHECK(closestName("lenght", {"len", "length", "lower"}) == "length");
  CHECK(closestName("LENGTH", {"lenght", "length"}) == "length");  // a change of case beats a transposition
  CHECK(closestName("speeed", {"speed", "spead"}) == "speed");     // first of equally close ones
  CHECK(closestName("xyzzy", {"speed", "seg"}) == "");
  CHECK(closestName("ab", {"AB", "ac"}) == "AB");  // short names: case only
  // 64K characters against a schema's names: was 29 s of edit distance
  // tables in `popper check` (issue 16); the length check stops it at once.
  std::string huge(65536, 'q');
  CHECK(closestName(huge, {"speed", "seg"}) == "");
  // ... and against a name almost as long, no suggestion at all (not 29 s of table).
  CHECK(closestName(huge + "r", {huge}) == "");
  std::string longest(kMaxSuggestedName - 1, 'q');
  CHECK(closestName(longest + "r", {longest + "s"}) == longest + "s");
}

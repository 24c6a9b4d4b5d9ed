// Every statement and relation form builds the right AST with the right ranges.
#include <doctest/doctest.h>

#include "parse_test_util.h"

using namespace popper;
using popper::test::Parsed;
using popper::test::show;

TEST_CASE("an empty file or one with only comments has no statements") {
  for (const char* text :
       {"", "   \n\t\n", "// just a comment", "/* block */", "// a\n/* b\n c */\n// d\n"}) {
    Parsed p(text);
    CHECK(p.workflow.statements.empty());
    CHECK(p.errors().empty());
  }
}

TEST_CASE("PARAM, SET and IMPORT") {
  Parsed p(
      "PARAM input : string = \"data/reviews.txt\";\n"
      "PARAM n : int;\n"
      "PARAM low : float = -0.5;\n"
      "SET threads = 2;\n"
      "SET verbose = true;\n"
      "IMPORT \"build/libmyops.so\";\n");
  REQUIRE(p.errors().empty());
  REQUIRE(p.workflow.statements.size() == 6);

  const auto& input = p.stmt<ast::ParamStmt>(0);
  CHECK(input.name.name == "input");
  CHECK(input.typeName.name == "string");
  CHECK(p.at(input.typeName.range) == "1:15");
  REQUIRE(input.defaultValue);
  CHECK(input.defaultValue->asString() == "data/reviews.txt");
  CHECK(p.text(input.defaultRange) == "\"data/reviews.txt\"");
  CHECK(p.text(p.statement(0).range) == "PARAM input : string = \"data/reviews.txt\";");

  CHECK_FALSE(p.stmt<ast::ParamStmt>(1).defaultValue);
  CHECK(p.stmt<ast::ParamStmt>(2).defaultValue->asFloat() == -0.5);
  CHECK(p.text(p.stmt<ast::ParamStmt>(2).defaultRange) == "-0.5");

  const auto& threads = p.stmt<ast::SetStmt>(3);
  CHECK(threads.name.name == "threads");
  CHECK(threads.value.asInt() == 2);
  CHECK(p.at(threads.valueRange) == "4:15");
  CHECK(p.stmt<ast::SetStmt>(4).value.asBool());

  const auto& import = p.stmt<ast::ImportStmt>(5);
  CHECK(import.path == "build/libmyops.so");
  CHECK(p.text(import.pathRange) == "\"build/libmyops.so\"");
}

TEST_CASE("EXTRACT with defaults, a parameter path and operator arguments") {
  Parsed p(
      "lines = EXTRACT line:string, translated:bool = false, w:int = -3 FROM @input USING Lines();\n"
      "trips = EXTRACT id:int FROM \"traffic.csv\" USING Csv(header: true, sep: \";\", col: id, p: @x, k: "
      "-2);\n");
  REQUIRE(p.errors().empty());
  const auto& assign = p.stmt<ast::AssignStmt>(0);
  CHECK(assign.name.name == "lines");
  CHECK(p.text(assign.relation->range) ==
        "EXTRACT line:string, translated:bool = false, w:int = -3 FROM @input USING Lines()");
  const auto& lines = p.relation<ast::ExtractRel>(0);
  REQUIRE(lines.columns.size() == 3);
  CHECK(lines.columns[0].name.name == "line");
  CHECK(lines.columns[0].typeName.name == "string");
  CHECK_FALSE(lines.columns[0].defaultValue);
  CHECK(p.text(lines.columns[1].range) == "translated:bool = false");
  CHECK(lines.columns[1].defaultValue->asBool() == false);
  CHECK(lines.columns[2].defaultValue->asInt() == -3);
  CHECK(p.text(lines.columns[2].defaultRange) == "-3");
  CHECK(lines.path.isParam);
  CHECK(lines.path.path == "input");
  CHECK(p.text(lines.path.range) == "@input");
  CHECK(lines.extractor.op.name == "Lines");
  CHECK(lines.extractor.args.empty());
  CHECK(p.text(lines.extractor.range) == "Lines()");

  const auto& trips = p.relation<ast::ExtractRel>(1);
  CHECK_FALSE(trips.path.isParam);
  CHECK(trips.path.path == "traffic.csv");
  const auto& args = trips.extractor.args;
  REQUIRE(args.size() == 5);
  CHECK(args[0].name.name == "header");
  CHECK(args[0].value.kind == ast::ArgValue::Kind::Literal);
  CHECK(args[0].value.literal.asBool());
  CHECK(args[1].value.literal.asString() == ";");
  CHECK(args[2].value.kind == ast::ArgValue::Kind::Column);
  CHECK(args[2].value.name.name == "id");
  CHECK(args[3].value.kind == ast::ArgValue::Kind::Param);
  CHECK(args[3].value.name.name == "x");
  CHECK(p.text(args[3].value.range) == "@x");
  CHECK(args[4].value.literal.asInt() == -2);
}

TEST_CASE("SELECT with every clause") {
  Parsed p(
      "named = SELECT *, fast.*, fast.id, speed * 3.6 AS kmh, COUNT(*) AS n\n"
      "        FROM fast AS f JOIN (SELECT seg, name FROM segs) AS s ON fast.seg == s.seg\n"
      "        WHERE speed > 0 GROUP BY seg, id HAVING n > 1;\n");
  REQUIRE(p.errors().empty());
  const auto& select = p.relation<ast::SelectRel>(0);
  REQUIRE(select.items.size() == 5);
  CHECK(select.items[0].kind == ast::SelectItem::Kind::Star);
  CHECK(select.items[1].kind == ast::SelectItem::Kind::QualifiedStar);
  CHECK(select.items[1].qualifier->name == "fast");
  CHECK(p.text(select.items[1].range) == "fast.*");
  CHECK(show(*select.items[2].expr) == "fast.id");
  CHECK_FALSE(select.items[2].alias);
  CHECK(show(*select.items[3].expr) == "(* speed 3.600000f)");
  CHECK(select.items[3].alias->name == "kmh");
  CHECK(p.text(select.items[3].range) == "speed * 3.6 AS kmh");
  CHECK(show(*select.items[4].expr) == "COUNT(*)");

  CHECK(select.from.name->name == "fast");
  CHECK(select.from.alias->name == "f");
  CHECK(p.text(select.from.range) == "fast AS f");
  REQUIRE(select.join);
  REQUIRE(select.join->right.nested);
  CHECK(select.join->right.alias->name == "s");
  CHECK(p.text(select.join->right.range) == "(SELECT seg, name FROM segs) AS s");
  CHECK(p.text(select.join->right.nested->range) == "SELECT seg, name FROM segs");
  CHECK(show(*select.join->on) == "(== fast.seg s.seg)");
  CHECK(show(*select.where) == "(> speed 0)");
  REQUIRE(select.groupBy.size() == 2);
  CHECK(show(*select.groupBy[1]) == "id");
  CHECK(show(*select.having) == "(> n 1)");
  CHECK(p.at(select.having->range) == "3:49");
}

TEST_CASE("SELECT without optional clauses leaves them empty") {
  Parsed p("x = SELECT a FROM t;");
  REQUIRE(p.errors().empty());
  const auto& select = p.relation<ast::SelectRel>(0);
  CHECK_FALSE(select.join);
  CHECK(select.where == nullptr);
  CHECK(select.groupBy.empty());
  CHECK(select.having == nullptr);
}

TEST_CASE("PROCESS, REDUCE, COMBINE and UNION") {
  Parsed p(
      "scored = PROCESS lines USING Sentiment(text: line) PRODUCE sentiment:string, confidence:float;\n"
      "top = REDUCE scored ON sentiment, lang USING TopK(k: 3) PRODUCE sentiment:string, line:string;\n"
      "pairs = COMBINE a WITH b ON a.key == b.key USING Matcher() PRODUCE key:string, score:float;\n"
      "both = UNION english, (SELECT line FROM t), other;\n");
  REQUIRE(p.errors().empty());
  const auto& process = p.relation<ast::ProcessRel>(0);
  CHECK(process.input.name->name == "lines");
  CHECK(process.processor.op.name == "Sentiment");
  CHECK(process.processor.args[0].value.kind == ast::ArgValue::Kind::Column);
  REQUIRE(process.produce.size() == 2);
  CHECK(process.produce[1].name.name == "confidence");
  CHECK(process.produce[1].typeName.name == "float");

  const auto& reduce = p.relation<ast::ReduceRel>(1);
  REQUIRE(reduce.on.size() == 2);
  CHECK(reduce.on[1].name == "lang");
  CHECK(reduce.reducer.args[0].value.literal.asInt() == 3);
  CHECK(reduce.produce.size() == 2);

  const auto& combine = p.relation<ast::CombineRel>(2);
  CHECK(combine.left.name->name == "a");
  CHECK(combine.right.name->name == "b");
  CHECK(show(*combine.on) == "(== a.key b.key)");
  CHECK(combine.combiner.op.name == "Matcher");
  CHECK(combine.produce.size() == 2);

  const auto& unite = p.relation<ast::UnionRel>(3);
  REQUIRE(unite.inputs.size() == 3);
  CHECK(unite.inputs[1].nested);
  CHECK(unite.inputs[2].name->name == "other");
}

TEST_CASE("HANDLE with every action form, RETRY and EVENTUALLY") {
  Parsed p(
      "checked = HANDLE cards\n"
      "  DETECT dob > issued OR issued > expires\n"
      "  CORRECT EDIT ocr USING Ocr(engine: \"alt\"),\n"
      "          EDIT cards SET dob = issued, name = upper(cards.name),\n"
      "          APPEND TO lines SET line = line_en, translated = true,\n"
      "          APPEND TO lines,\n"
      "          DELETE FROM raw\n"
      "  RETRY 3\n"
      "  EVENTUALLY PASS;\n"
      "plain = HANDLE t DETECT true CORRECT DELETE FROM s;\n");
  REQUIRE(p.errors().empty());
  const auto& handle = p.relation<ast::HandleRel>(0);
  CHECK(handle.input.name->name == "cards");
  CHECK(show(*handle.detect) == "(or (> dob issued) (> issued expires))");
  REQUIRE(handle.actions.size() == 5);
  CHECK(handle.actions[0].kind == ast::ActionKind::EditUsing);
  CHECK(handle.actions[0].target.name == "ocr");
  CHECK(handle.actions[0].op->op.name == "Ocr");
  CHECK(p.text(handle.actions[0].range) == "EDIT ocr USING Ocr(engine: \"alt\")");
  CHECK(handle.actions[1].kind == ast::ActionKind::EditSet);
  REQUIRE(handle.actions[1].assignments.size() == 2);
  CHECK(handle.actions[1].assignments[1].column.name == "name");
  CHECK(show(*handle.actions[1].assignments[1].value) == "upper(cards.name)");
  CHECK(handle.actions[2].kind == ast::ActionKind::Append);
  CHECK(handle.actions[2].assignments.size() == 2);
  CHECK(handle.actions[3].kind == ast::ActionKind::Append);
  CHECK(handle.actions[3].assignments.empty());
  CHECK(handle.actions[4].kind == ast::ActionKind::Delete);
  CHECK(handle.actions[4].target.name == "raw");
  CHECK(p.at(handle.actions[4].range) == "7:11");
  CHECK(handle.retry == 3);
  CHECK(p.text(handle.retryRange) == "3");
  CHECK(handle.eventuallyGiven);
  CHECK(handle.eventually == ast::Eventually::Pass);

  const auto& plain = p.relation<ast::HandleRel>(1);
  CHECK_FALSE(plain.retry);
  CHECK_FALSE(plain.eventuallyGiven);
  CHECK(plain.eventually == ast::Eventually::Reject);
}

TEST_CASE("OUTPUT with a nested source and ORDER BY") {
  Parsed p(
      "OUTPUT (SELECT line FROM scored WHERE sentiment == \"positive\") TO \"out/positive.csv\" USING "
      "Csv(header: true);\n"
      "OUTPUT bySeg TO @out USING Csv() ORDER BY seg, n DESC, m ASC;\n");
  REQUIRE(p.errors().empty());
  const auto& first = p.stmt<ast::OutputStmt>(0);
  REQUIRE(first.input.nested);
  CHECK(p.text(first.input.range) == "(SELECT line FROM scored WHERE sentiment == \"positive\")");
  CHECK(first.path.path == "out/positive.csv");
  CHECK(first.outputter.op.name == "Csv");
  CHECK(first.orderBy.empty());
  const auto& second = p.stmt<ast::OutputStmt>(1);
  CHECK(second.path.isParam);
  REQUIRE(second.orderBy.size() == 3);
  CHECK_FALSE(second.orderBy[0].descending);
  CHECK(second.orderBy[1].descending);
  CHECK(p.text(second.orderBy[1].range) == "n DESC");
  CHECK_FALSE(second.orderBy[2].descending);
}

TEST_CASE("keywords are case-insensitive, identifiers case-sensitive") {
  Parsed p("Foo = select Bar, bar from T where NoT x aNd y;\nset Threads = 1;\n");
  REQUIRE(p.errors().empty());
  const auto& select = p.relation<ast::SelectRel>(0);
  CHECK(p.stmt<ast::AssignStmt>(0).name.name == "Foo");
  CHECK(show(*select.items[0].expr) == "Bar");
  CHECK(show(*select.items[1].expr) == "bar");
  CHECK(select.from.name->name == "T");
  CHECK(show(*select.where) == "(and (not x) y)");
  CHECK(p.stmt<ast::SetStmt>(1).name.name == "Threads");
}

TEST_CASE("the DESIGN examples parse") {
  Parsed p(R"(PARAM input : string = "data/reviews.txt";
SET threads = 2;
IMPORT "build/libmyops.so";
lines  = EXTRACT line:string, translated:bool = false FROM @input USING Lines();
trips  = EXTRACT id:int, seg:string, speed:float FROM "traffic.csv" USING Csv(header: true);
fast   = SELECT id, seg, speed * 3.6 AS kmh FROM trips WHERE speed > 0 AND seg != "";
bySeg  = SELECT seg, COUNT(*) AS n, AVG(kmh) AS mean_kmh FROM fast GROUP BY seg HAVING n > 1;
named  = SELECT fast.id, segs.name FROM fast JOIN segs ON fast.seg == segs.seg;
both   = UNION english, translated_rows;
scored = PROCESS lines USING Sentiment(text: line) PRODUCE sentiment:string, confidence:float;
top    = REDUCE scored ON sentiment USING TopK(k: 3) PRODUCE sentiment:string, line:string;
pairs  = COMBINE a WITH b ON a.key == b.key USING Matcher() PRODUCE key:string, score:float;
checked = HANDLE cards
          DETECT dob > issued OR issued > expires
          CORRECT EDIT ocr USING Ocr(engine: "alt")
          RETRY 1
          EVENTUALLY REJECT;
OUTPUT (SELECT line FROM scored WHERE sentiment == "positive") TO "out/positive.csv" USING Csv(header: true);
OUTPUT bySeg TO "out/segments.csv" USING Csv(header: true) ORDER BY seg;
)");
  CHECK(p.errors().empty());
  CHECK(p.workflow.statements.size() == 15);
}

// The BoundProgram that sema hands to the planner: relation order, schemas,
// bound expressions, operator calls and handler back edges.
#include <doctest/doctest.h>

#include "tests/support/TestCatalog.h"
#include "tests/unit/sema/sema_test_util.h"

using namespace popper;
using namespace popper::test;

namespace {

const char* kLabExercise3 = R"(PARAM input : string = "data/lines.txt";
lines      = EXTRACT line:string, translated:bool = false FROM @input USING Lines();
tagged     = PROCESS lines USING LanguageId(text: line) PRODUCE lang:string;
english    = SELECT line FROM tagged WHERE lang == "en";
foreign    = SELECT line FROM tagged WHERE lang != "en" AND NOT translated;
translated = PROCESS foreign USING Translate(text: line, pair: "spa-eng") PRODUCE line_en:string;
resend     = HANDLE translated DETECT true CORRECT APPEND TO lines SET line = line_en, translated = true
             EVENTUALLY DROP;
OUTPUT (SELECT line, line_en FROM translated) TO "out/translations.csv" USING Csv(header: true);
scored     = PROCESS english USING Sentiment(text: line) PRODUCE sentiment:string, confidence:float;
OUTPUT (SELECT line FROM scored WHERE sentiment == "positive") TO "out/positive.csv" USING Csv();
OUTPUT (SELECT line FROM scored WHERE sentiment == "negative") TO "out/negative.csv" USING Csv();
)";

}  // namespace

TEST_CASE("the lab's exercise 3 checks and binds to the documented shape") {
  Checked c = check(kLabExercise3);
  REQUIRE_MESSAGE(c.diagnostics.empty(), c.diagnostics.front());
  REQUIRE(c.program);
  const BoundProgram& p = *c.program;
  CHECK(p.params.size() == 1);
  CHECK(p.params[0].value.asString() == "data/lines.txt");
  CHECK(p.outputs.size() == 3);

  const BoundRelation& lines = c.rel("lines");
  CHECK(schemaText(lines.schema) == "line:string, translated:bool");
  REQUIRE(lines.schema[1].defaultValue);
  CHECK(lines.schema[1].defaultValue->asBool() == false);
  const auto& extract = std::get<BoundExtract>(lines.node);
  CHECK(extract.path == "data/lines.txt");
  CHECK(extract.extractor.op == "Lines");

  const BoundRelation& tagged = c.rel("tagged");
  CHECK(schemaText(tagged.schema) == "line:string, translated:bool, lang:string");
  const auto& process = std::get<BoundProcess>(tagged.node);
  CHECK(process.passthrough == std::vector<int>{0, 1});
  REQUIRE(process.processor.arg("text"));
  CHECK(process.processor.arg("text")->isColumn);
  CHECK(process.processor.arg("text")->column == 0);
  REQUIRE(process.processor.arg("languages"));  // declared default filled in
  CHECK(process.processor.arg("languages")->value.asString() == "");

  CHECK(schemaText(c.rel("translated").schema) == "line:string, line_en:string");

  const BoundRelation& resend = c.rel("resend");
  const auto& handle = std::get<BoundHandle>(resend.node);
  CHECK(handle.input == c.rel("translated").id);
  CHECK(handle.eventually == ast::Eventually::Drop);
  CHECK(handle.retry == 1);
  REQUIRE(handle.actions.size() == 1);
  const BoundAction& append = handle.actions[0];
  CHECK(append.kind == ast::ActionKind::Append);
  CHECK(append.target == lines.id);
  REQUIRE(append.assignments.size() == 2);
  CHECK(append.assignments[0].column == 0);
  CHECK(append.assignments[0].value.kind == BoundExpr::Kind::Column);
  CHECK(append.assignments[0].value.input == 0);  // line_en of the detected row
  CHECK(append.assignments[0].value.column == 1);
  CHECK(append.assignments[1].column == 1);
  CHECK(append.assignments[1].value.kind == BoundExpr::Kind::Const);

  // Relations are topological: every input comes before its consumer.
  for (const BoundRelation& r : p.relations) {
    CHECK(r.id == &r - p.relations.data());
    if (const auto* s = std::get_if<BoundSelect>(&r.node)) CHECK(s->input < r.id);
    if (const auto* pr = std::get_if<BoundProcess>(&r.node)) CHECK(pr->input < r.id);
  }
}

TEST_CASE("int widens to float with an explicit cast") {
  Checked c = check(R"(t = EXTRACT id:int, speed:int FROM "t.csv" USING Csv();
f = SELECT id, speed * 3.6 AS kmh FROM t WHERE speed > 0.5;
OUTPUT f TO "o.csv" USING Csv();
)");
  REQUIRE(c.errors.empty());
  const BoundRelation& f = c.rel("f");
  CHECK(schemaText(f.schema) == "id:int, kmh:float");
  const auto& select = std::get<BoundSelect>(f.node);
  const BoundExpr& kmh = select.projections[1];
  CHECK(kmh.kind == BoundExpr::Kind::Binary);
  CHECK(kmh.type == Type::Float);
  CHECK(kmh.args[0].kind == BoundExpr::Kind::Cast);
  CHECK(kmh.args[0].args[0].kind == BoundExpr::Kind::Column);
  REQUIRE(select.where);
  CHECK(select.where->args[0].kind == BoundExpr::Kind::Cast);
}

TEST_CASE("a join splits ON into equi keys and a residual") {
  Checked c = check(R"(a = EXTRACT k:int, x:float FROM "a.csv" USING Csv();
b = EXTRACT k:float, name:string FROM "b.csv" USING Csv();
j = SELECT a.k, b.name AS n FROM a JOIN b ON b.k == a.k AND a.x > 1.0;
OUTPUT j TO "o.csv" USING Csv();
)");
  REQUIRE(c.errors.empty());
  const auto& select = std::get<BoundSelect>(c.rel("j").node);
  CHECK(select.joinInput == c.rel("b").id);
  REQUIRE(select.leftKeys.size() == 1);
  // a.k (int) is widened to meet b.k (float); keys read their own side's row.
  CHECK(select.leftKeys[0].kind == BoundExpr::Kind::Cast);
  CHECK(select.leftKeys[0].args[0].column == 0);
  CHECK(select.rightKeys[0].kind == BoundExpr::Kind::Column);
  CHECK(select.rightKeys[0].column == 0);
  REQUIRE(select.joinResidual);
  CHECK(select.projections[1].column == 3);  // b.name over the joined row
  CHECK(schemaText(c.rel("j").schema) == "k:int, n:string");
}

TEST_CASE("GROUP BY binds keys, aggregates and HAVING over the grouped row") {
  Checked c = check(R"(t = EXTRACT seg:string, kmh:float FROM "t.csv" USING Csv();
g = SELECT seg, COUNT(*) AS n, AVG(kmh) AS mean, max(kmh) AS top FROM t GROUP BY seg HAVING n > 1 AND count(*) < 100;
OUTPUT g TO "o.csv" USING Csv();
)");
  REQUIRE(c.errors.empty());
  const BoundRelation& g = c.rel("g");
  CHECK(schemaText(g.schema) == "seg:string, n:int, mean:float, top:float");
  const auto& select = std::get<BoundSelect>(g.node);
  CHECK(select.grouped);
  REQUIRE(select.groupKeys.size() == 1);
  REQUIRE(select.aggregates.size() == 3);  // COUNT(*) appears twice but is computed once
  CHECK(select.aggregates[0].func == AggFunc::CountStar);
  CHECK(select.aggregates[1].func == AggFunc::Avg);
  CHECK(select.aggregates[2].func == AggFunc::Max);
  CHECK(select.projections[0].column == 0);
  CHECK(select.projections[1].column == 1);
  REQUIRE(select.having);
  CHECK(select.having->args[0].args[0].column == 1);  // n reads COUNT(*)
}

TEST_CASE("a global aggregate makes the SELECT grouped") {
  Checked c = check(R"(t = EXTRACT v:int FROM "t.csv" USING Csv();
s = SELECT SUM(v) AS total, min(v, 3) AS small FROM t;
)");
  // min with two arguments is the scalar function, so it reads an ungrouped column.
  REQUIRE(c.errors.size() == 1);
  CHECK(c.errors[0] == "2:33: column 'v' must appear in GROUP BY or be used in an aggregate function");
}

TEST_CASE("PROCESS output shadows input columns of the same name") {
  Checked c = check(R"(t = EXTRACT line:string, lang:int FROM "t.csv" USING Csv();
p = PROCESS t USING LanguageId(text: line) PRODUCE lang:string;
OUTPUT p TO "o.csv" USING Csv();
)");
  REQUIRE(c.errors.empty());
  CHECK(schemaText(c.rel("p").schema) == "line:string, lang:string");
  CHECK(std::get<BoundProcess>(c.rel("p").node).passthrough == std::vector<int>{0});
}

TEST_CASE("SET reads the traced row through the target's name") {
  Checked c = check(R"(cards = EXTRACT id:int, text:string FROM "c.csv" USING Csv();
ocr = PROCESS cards USING Ocr(engine: "fast") PRODUCE dob:int, issued:int;
valid = SELECT * FROM ocr WHERE dob > 0;
checked = HANDLE valid DETECT dob > issued CORRECT EDIT cards SET text = cards.text + "!", EDIT ocr USING Ocr(engine: "alt") RETRY 2;
)");
  REQUIRE_MESSAGE(c.errors.empty(), c.errors.front());
  const auto& handle = std::get<BoundHandle>(c.rel("checked").node);
  CHECK(handle.retry == 2);
  CHECK(handle.eventually == ast::Eventually::Reject);
  REQUIRE(handle.actions.size() == 2);
  const BoundExpr& value = handle.actions[0].assignments[0].value;
  CHECK(value.args[0].input == 1);  // cards.text: the traced row
  CHECK(value.args[0].column == 1);
  REQUIRE(handle.actions[1].op);
  CHECK(handle.actions[1].op->op == "Ocr");
}

TEST_CASE("parameters are substituted, -p overrides them, SET options are kept") {
  Checked c = check(R"(PARAM limit : float = 2;
PARAM path : string = "a.csv";
SET threads = 4;
t = EXTRACT v:float FROM @path USING Csv();
f = SELECT v FROM t WHERE v > @limit;
OUTPUT f TO "o.csv" USING Csv();
)",
                    {{"limit", "7.5"}});
  REQUIRE(c.errors.empty());
  const auto& where = *std::get<BoundSelect>(c.rel("f").node).where;
  CHECK(where.args[1].kind == BoundExpr::Kind::Const);
  CHECK(where.args[1].value.asFloat() == 7.5);
  CHECK(c.program->options.at("threads").asInt() == 4);
}

TEST_CASE("REDUCE, COMBINE and UNION shapes") {
  Checked c = check(R"(s = EXTRACT line:string, sentiment:string FROM "s.csv" USING Csv();
top = REDUCE s ON sentiment USING TopK(k: 3) PRODUCE sentiment:string, line:string;
a = SELECT line AS key FROM s;
b = SELECT sentiment AS key, line FROM s;
pairs = COMBINE a WITH b ON b.key == a.key USING Matcher() PRODUCE key:string, score:float;
u = UNION a, (SELECT line AS key FROM s WHERE len(line) > 3);
OUTPUT top TO "t.csv" USING Csv();
OUTPUT pairs TO "p.csv" USING Csv();
OUTPUT u TO "u.csv" USING Lines();
)");
  REQUIRE_MESSAGE(c.diagnostics.empty(), c.diagnostics.front());
  const auto& reduce = std::get<BoundReduce>(c.rel("top").node);
  CHECK(reduce.keyColumns == std::vector<int>{1});
  CHECK(reduce.reducer.arg("k")->value.asInt() == 3);
  CHECK(reduce.reducer.arg("by") == nullptr);  // optional, no default
  CHECK(schemaText(c.rel("top").schema) == "sentiment:string, line:string");

  const auto& combine = std::get<BoundCombine>(c.rel("pairs").node);
  CHECK(combine.left == c.rel("a").id);
  REQUIRE(combine.leftKeys.size() == 1);
  CHECK(combine.leftKeys[0].column == 0);
  CHECK(combine.rightKeys[0].column == 0);
  CHECK(schemaText(c.rel("pairs").schema) == "key:string, score:float");

  const BoundRelation& u = c.rel("u");
  const auto& unionNode = std::get<BoundUnion>(u.node);
  REQUIRE(unionNode.inputs.size() == 2);
  CHECK(c.program->relations[unionNode.inputs[1]].name == "");  // the nested SELECT
  CHECK(unionNode.inputs[1] < u.id);
  CHECK(schemaText(u.schema) == "key:string");
}

TEST_CASE("the operator registry is extensible at run time") {
  OperatorRegistry registry;
  const OperatorRegistry& standard = testing::testCatalog().signatures();
  registry.add(*standard.find("Lines", OperatorKind::Extractor));
  registry.add(*standard.find("Lines", OperatorKind::Outputter));
  OperatorSignature upper;
  upper.name = "Shout";
  upper.kind = OperatorKind::Processor;
  upper.args.push_back({"text", Type::String, false, true, true, std::nullopt});
  upper.produces.push_back({"loud", Type::String});
  upper.rowWise = true;
  upper.backEdges.push_back({ast::ActionKind::Append, "target"});
  registry.add(upper);

  SourceFile file("wf.scope", R"(l = EXTRACT line:string FROM "in" USING Lines();
s = PROCESS l USING Shout(text: line) PRODUCE loud:string;
OUTPUT s TO "o" USING Lines();
)");
  DiagnosticEngine diags(file);
  ast::Workflow workflow = parseWorkflow(file, diags);
  AnalyzeOptions options;
  options.registry = &registry;
  std::optional<BoundProgram> program = analyze(workflow, file, options, diags);
  REQUIRE(program);
  const auto& process = std::get<BoundProcess>(program->relations[1].node);
  CHECK(process.processor.signature->rowWise);
  CHECK(process.processor.signature->backEdges.size() == 1);
  CHECK(registry.find("Shout", OperatorKind::Processor) != nullptr);
  CHECK(standard.find("Shout", OperatorKind::Processor) == nullptr);
}

TEST_CASE("built-in function signatures") {
  std::string src = "t = EXTRACT s:string, i:int, f:float, b:bool FROM \"t\" USING Csv();\n";
  auto typeOf = [&](const std::string& expr) {
    Checked c = check(src + "x = SELECT " + expr + " AS v FROM t;\nOUTPUT x TO \"o\" USING Csv();\n");
    return c.errors.empty() ? std::string(typeName(c.rel("x").schema[0].type)) : c.errors[0];
  };
  CHECK(typeOf("len(s)") == "int");
  CHECK(typeOf("LOWER(s)") == "string");  // names match case-insensitively
  CHECK(typeOf("substr(s, 1, 2)") == "string");
  CHECK(typeOf("concat(s, i, f, b)") == "string");
  CHECK(typeOf("to_int(f)") == "int");
  CHECK(typeOf("to_float(i)") == "float");
  CHECK(typeOf("to_string(b)") == "string");
  CHECK(typeOf("abs(i)") == "int");
  CHECK(typeOf("round(f)") == "float");
  CHECK(typeOf("min(i, f, 3)") == "float");
  CHECK(typeOf("max(s, \"z\")") == "string");
  CHECK(typeOf("matches(s, \"^a\")") == "bool");
  CHECK(typeOf("replace(s, \"a\", \"b\")") == "string");
  CHECK(typeOf("IF(b, i, f)") == "float");
  CHECK(typeOf("to_float(b)") == "2:21: argument 1 of 'to_float' must be string, int or float, got bool");
  CHECK(typeOf("max(s, i)") == "2:19: argument 2 of 'max' is int, but argument 1 is string");
  CHECK(typeOf("floor(s)") == "2:18: argument 1 of 'floor' must be int or float, got string");
  CHECK(typeOf("contains(s)") == "2:12: 'contains' takes 2 arguments, got 1");
  CHECK(typeOf("len(*)") == "2:12: '*' is only allowed in COUNT(*), not in 'len'");
}

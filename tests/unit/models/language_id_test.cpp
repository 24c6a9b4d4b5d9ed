// LanguageId on libexttextcat: English and Spanish sentences get en/es, a
// restriction to "en,es" keeps short texts within those two, unknown
// languages in the restriction are an error, and PRODUCE may keep only lang.
#include <doctest/doctest.h>

#include "model_test_support.h"

using namespace popper;
using namespace popper::models::test;

namespace {

ModelHarness languageId(const std::string& languages, std::vector<std::pair<std::string, Type>> produce = {
                                                          {"lang", Type::String}, {"score", Type::Float}}) {
  return ModelHarness("LanguageId", {"line"}, 0, {{"languages", Literal{languages}}}, std::move(produce));
}

}  // namespace

TEST_CASE("LanguageId tells English from Spanish") {
  ModelHarness h = languageId("");
  auto op = h.make();
  REQUIRE(op.isOk());
  ModelRun run = h.run(**op, {{"The weather is lovely today and we are going to the beach."},
                              {"El tiempo es muy bueno hoy y vamos a la playa con mis amigos."},
                              {"I would like a cup of coffee with milk, please."},
                              {"Me gustaría una taza de café con leche, por favor."}});
  REQUIRE(run.rows.size() == 4);
  CHECK(run.rows[0][0] == "en");
  CHECK(run.rows[1][0] == "es");
  CHECK(run.rows[2][0] == "en");
  CHECK(run.rows[3][0] == "es");
  for (const auto& row : run.rows) CHECK(std::stod(row[1]) > 0.0);
}

TEST_CASE("LanguageId restricted to en,es labels short texts with one of them") {
  ModelHarness h = languageId("en, es");
  auto op = h.make();
  REQUIRE(op.isOk());
  ModelRun run = h.run(**op, {{"Good morning"},
                              {"Buenos días"},
                              {"Thank you very much"},
                              {"Muchas gracias"},
                              {"Where is the station?"},
                              {"¿Dónde está la estación?"}});
  REQUIRE(run.rows.size() == 6);
  const char* expected[] = {"en", "es", "en", "es", "en", "es"};
  for (size_t i = 0; i < 6; ++i) CHECK(run.rows[i][0] == expected[i]);
}

TEST_CASE("LanguageId keeps only the columns PRODUCE asks for and rejects unknown languages") {
  ModelHarness langOnly = languageId("en,es", {{"lang", Type::String}});
  auto op = langOnly.make();
  REQUIRE(op.isOk());
  ModelRun run = langOnly.run(**op, {{"This is clearly an English sentence."}});
  REQUIRE(run.rows.size() == 1);
  CHECK(run.rows[0].size() == 1);
  CHECK(run.rows[0][0] == "en");

  auto bad = languageId("en,xx").make();
  REQUIRE_FALSE(bad.isOk());
  CHECK(bad.status().message() == "LanguageId has no model for language 'xx'");
}

TEST_CASE("LanguageId's answer for a row does not depend on the row after it") {
  // A tie between en and es, decided by whatever followed the text in memory
  // before texts were copied out of the batch's arena.
  const std::string english = "My daughter adores her new teacher (3203).";
  ModelHarness h = languageId("en,es");
  auto op = h.make();
  REQUIRE(op.isOk());
  ModelRun alone = h.run(**op, {{english}});
  ModelRun followed =
      h.run(**op, {{english}, {"Buena relación calidad precio, lo compraría otra vez (3204)."}});
  REQUIRE(alone.rows.size() == 1);
  REQUIRE(followed.rows.size() == 2);
  CHECK(followed.rows[0] == alone.rows[0]);
  CHECK(followed.rows[1][0] == "es");
}

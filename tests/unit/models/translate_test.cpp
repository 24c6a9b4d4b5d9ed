// Translate through a persistent Apertium spa-eng pipeline: a batch of
// Spanish sentences comes back in English, in order, with characters special
// to Apertium's stream format intact; a second batch reuses the pipeline; a
// missing pair is a clear error.
#include <doctest/doctest.h>

#include "model_test_support.h"

using namespace popper;
using namespace popper::models::test;

namespace {

ModelHarness translate(const std::string& pair) {
  return ModelHarness("Translate", {"line"}, 0, {{"pair", Literal{pair}}}, {{"line_en", Type::String}});
}

}  // namespace

TEST_CASE("Translate spa-eng translates Spanish sentences in order") {
  ModelHarness h = translate("spa-eng");
  auto op = h.make();
  REQUIRE(op.isOk());
  ModelRun run = h.run(
      **op, {{"Hola mundo."}, {"El gato es negro."}, {"¿Dónde está la biblioteca?"}, {"Hola. Adiós."}, {""}});
  REQUIRE(run.rows.size() == 5);
  CHECK(run.rows[0][0] == "Hello World.");
  CHECK(run.rows[1][0] == "The cat is black.");
  CHECK(run.rows[2][0] == "Where it is the library?");
  CHECK(run.rows[3][0] == "Hello. Goodbye.");
  CHECK(run.rows[4][0] == "");

  // The same pipeline serves the next batch; brackets and slashes survive.
  ModelRun again = h.run(**op, {{"Me gusta [mucho] la comida 1/2 <b>."}, {"La casa es grande."}});
  REQUIRE(again.rows.size() == 2);
  CHECK(again.rows[0][0] == "It likes me [a lot] the lunch 1/2 <b>.");
  CHECK(again.rows[1][0] == "The house is big.");
}

TEST_CASE("Translate names the installed pairs when the requested one is missing") {
  auto op = translate("xx-yy").make();
  REQUIRE_FALSE(op.isOk());
  CHECK(op.status().message().find("Translate has no Apertium pair 'xx-yy' (installed: ") == 0);
  CHECK(op.status().message().find("spa-eng") != std::string::npos);
}

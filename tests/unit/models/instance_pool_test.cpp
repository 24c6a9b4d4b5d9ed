// Several model instances (`instances: n`, runtime/models/InstancePool.h):
// outputs, parents and row errors are identical with 1 and 3 instances for
// the real models; an Exec instance whose worker crashes still restarts and
// retries its rows; out-of-range counts are errors.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "model_test_support.h"

using namespace popper;
using namespace popper::models::test;

namespace {

std::vector<std::vector<std::string>> sentences(size_t n) {
  const std::vector<std::string> base = {
      "The weather is lovely today and we are going to the beach.",
      "El tiempo es muy bueno hoy y vamos a la playa con mis amigos.",
      "I would like a cup of coffee with milk, please.",
      "Me gustaría una taza de café con leche, por favor.",
      "This film was a waste of time, the plot made no sense.",
      "La casa es grande y el jardín es muy bonito.",
      "The waiter was charming and the dessert was divine.",
      "No me gusta nada este libro, es aburrido.",
  };
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < n; ++i) rows.push_back({base[i % base.size()] + (i % 3 ? "" : " Gracias.")});
  return rows;
}

ModelRun runWith(const std::string& op, std::vector<std::pair<std::string, Literal>> literals,
                 int64_t instances, const std::vector<std::pair<std::string, Type>>& produce,
                 const std::vector<std::vector<std::string>>& rows) {
  literals.emplace_back("instances", Literal{instances});
  ModelHarness h(op, {"line"}, 0, std::move(literals), produce);
  auto p = h.make();
  REQUIRE(p.isOk());
  ModelRun first = h.run(**p, rows);
  // A second batch through the same instances gives the same answers.
  ModelRun second = h.run(**p, rows);
  CHECK(second.rows == first.rows);
  return first;
}

void checkSame(const ModelRun& one, const ModelRun& three) {
  CHECK(three.rows == one.rows);
  CHECK(three.parents == one.parents);
  REQUIRE(three.errors.size() == one.errors.size());
  for (size_t i = 0; i < one.errors.size(); ++i) {
    CHECK(three.errors[i].row == one.errors[i].row);
    CHECK(three.errors[i].message == one.errors[i].message);
  }
}

}  // namespace

TEST_CASE("LanguageId, Sentiment and Classify give the same rows with 1 and 3 instances") {
  auto rows = sentences(101);
  checkSame(runWith("LanguageId", {{"languages", Literal{std::string("en,es")}}}, 1,
                    {{"lang", Type::String}, {"score", Type::Float}}, rows),
            runWith("LanguageId", {{"languages", Literal{std::string("en,es")}}}, 3,
                    {{"lang", Type::String}, {"score", Type::Float}}, rows));
  ModelRun one =
      runWith("Sentiment", {}, 1, {{"sentiment", Type::String}, {"confidence", Type::Float}}, rows);
  REQUIRE(one.rows.size() == rows.size());
  checkSame(one,
            runWith("Sentiment", {}, 3, {{"sentiment", Type::String}, {"confidence", Type::Float}}, rows));
}

TEST_CASE("Translate gives the same translations with 1 and 3 Apertium pipelines") {
  auto rows = sentences(40);
  ModelRun one =
      runWith("Translate", {{"pair", Literal{std::string("spa-eng")}}}, 1, {{"line_en", Type::String}}, rows);
  REQUIRE(one.rows.size() == rows.size());
  CHECK(one.rows[5][0] == "The house is big and the garden is very beautiful.");
  checkSame(one, runWith("Translate", {{"pair", Literal{std::string("spa-eng")}}}, 3,
                         {{"line_en", Type::String}}, rows));
}

TEST_CASE("Exec instances restart a crashed worker, retry its rows and keep input order") {
  std::filesystem::path path = std::filesystem::temp_directory_path() / "popper-pool-crash.py";
  std::ofstream(path) << R"(import json, sys
for line in sys.stdin:
    row = json.loads(line)
    text = row["line"]
    if text.startswith("boom"):
        sys.exit(3)
    print(json.dumps({"@id": row["@id"], "n": len(text)}), flush=True)
)";
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 30; ++i)
    rows.push_back({i % 7 == 3 ? "boom " + std::to_string(i) : std::string(i % 5 + 1, 'x')});
  std::vector<std::pair<std::string, Literal>> literals = {{"cmd", Literal{"python3 " + path.string()}},
                                                           {"timeout_ms", Literal{int64_t{10000}}}};
  ModelRun one = runWith("Exec", literals, 1, {{"n", Type::Int}}, rows);
  ModelRun three = runWith("Exec", literals, 3, {{"n", Type::Int}}, rows);
  checkSame(one, three);
  // Rows 3, 10, 17 and 24 crash their worker twice and are rejected; every
  // other row, including those queued behind a crash, is answered.
  REQUIRE(three.errors.size() == 4);
  for (const RowError& e : three.errors) {
    CHECK(e.row % 7 == 3);
    CHECK(e.message == "Exec worker exited with status 3 before replying to this row");
  }
  REQUIRE(three.rows.size() == 26);
  for (size_t i = 0; i < three.rows.size(); ++i)
    CHECK(three.rows[i][0] == std::to_string(three.parents[i] % 5 + 1));
}

TEST_CASE("An instance count outside 1..16 is an error naming the operator") {
  for (int64_t n : {int64_t{0}, int64_t{17}}) {
    ModelHarness h("Sentiment", {"line"}, 0, {{"instances", Literal{n}}}, {{"sentiment", Type::String}});
    auto p = h.make();
    REQUIRE_FALSE(p.isOk());
    CHECK(p.status().message() == "Sentiment instances must be between 1 and 16, got " + std::to_string(n));
  }
}

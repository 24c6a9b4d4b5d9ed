// The studio's JSON API over the compiler driver: the files under the root,
// check with its diagnostics' line:column, the plan JSON.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/unit/studio/StudioFixture.h"

using nlohmann::json;
using popper::studio::test::StudioFixture;

namespace {

std::string body(const std::string& path, const std::string& text) {
  return json{{"path", path}, {"text", text}}.dump();
}

}  // namespace

TEST_CASE("files: the .scope files under the root, none hidden, none through a symlink out") {
  StudioFixture studio;
  auto res = studio.client().Get("/api/files");
  REQUIRE(res);
  CHECK(res->status == 200);
  json doc = json::parse(res->body);
  CHECK(doc["files"] == json::array({"small.scope", "sub/other.scope"}));
  CHECK(doc["root"] == "root");
}

TEST_CASE("file: a file's text; a missing one is 404") {
  StudioFixture studio;
  auto res = studio.client().Get("/api/file?path=in.txt");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->body == "a\nb\nc\n");
  CHECK(studio.client().Get("/api/file?path=nope.scope")->status == 404);
  CHECK(studio.client().Get("/api/file")->status == 400);
}

TEST_CASE("check: the editor's text, diagnostics as popper check --format json, at line:column") {
  StudioFixture studio;
  std::string text =
      "rows = EXTRACT line:string FROM \"in.txt\" USING Lines();\n"
      "OUTPUT (SELECT nope FROM rows) TO \"o.csv\" USING Csv();\n";
  auto res = studio.client().Post("/api/check", body("small.scope", text), "application/json");
  REQUIRE(res);
  CHECK(res->status == 200);
  json doc = json::parse(res->body);
  CHECK(doc["errors"] == 1);
  REQUIRE(doc["diagnostics"].size() == 1);
  const json& d = doc["diagnostics"][0];
  CHECK(d["severity"] == "error");
  CHECK(d["line"] == 2);
  CHECK(d["column"] == 16);
  CHECK(d["message"].get<std::string>().find("nope") != std::string::npos);

  auto clean = studio.client().Post("/api/check",
                                    body("small.scope", "rows = EXTRACT a:int FROM \"x.csv\" USING Csv();"),
                                    "application/json");
  REQUIRE(clean);
  CHECK(json::parse(clean->body)["errors"] == 0);
}

TEST_CASE("plan: popper plan --format json, with each node's source range") {
  StudioFixture studio;
  std::string text =
      "rows = EXTRACT line:string FROM \"in.txt\" USING Lines();\n"
      "OUTPUT (SELECT line FROM rows WHERE line != \"b\") TO \"out.csv\" USING Csv();\n";
  auto res = studio.client().Post("/api/plan", body("small.scope", text), "application/json");
  REQUIRE(res);
  CHECK(res->status == 200);
  json doc = json::parse(res->body);
  REQUIRE(doc["nodes"].size() >= 2);
  const json& extract = doc["nodes"][0];
  CHECK(extract["kind"] == "Extract");
  CHECK(extract["name"] == "rows");
  CHECK(extract["range"]["line"] == 1);
  const json& last = doc["nodes"].back();
  CHECK(last["kind"] == "Output");
  CHECK(last["range"]["line"] == 2);
  CHECK(last["inputs"][0]["label"].is_string());
  CHECK(doc["back_edges"].is_array());
  CHECK(doc["stages"].size() >= 1);

  auto broken = studio.client().Post("/api/plan", body("small.scope", "rows = ;"), "application/json");
  REQUIRE(broken);
  CHECK(broken->status == 422);
  CHECK(json::parse(broken->body)["diagnostics"]["errors"] >= 1);
}

TEST_CASE("history waits for the run store: 501; an unknown API is 404") {
  StudioFixture studio;
  CHECK(studio.client().Get("/api/history")->status == 501);
  CHECK(studio.client().Get("/api/nothing")->status == 404);
}

TEST_CASE("answers go out uncompressed (Debian's httplib would brotli them at its slowest)") {
  StudioFixture studio;
  auto res = studio.client().Get("/api/files", {{"Accept-Encoding", "gzip, deflate, br"}});
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK_FALSE(res->has_header("Content-Encoding"));
  CHECK(res->get_header_value("Content-Type") == "application/json");
  CHECK(res->get_header_value_count("Content-Type") == 1);
}

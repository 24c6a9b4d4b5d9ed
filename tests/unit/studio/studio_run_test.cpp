// Runs from the studio: a `popper run` child process whose progress, report
// and end arrive as server-sent events; cancelling one.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/unit/studio/StudioFixture.h"

using nlohmann::json;
using popper::studio::test::StudioFixture;

namespace {

struct Event {
  std::string type;
  std::string data;
};

// All events of a run's stream, until the server ends it.
std::vector<Event> readEvents(const StudioFixture& studio, const std::string& id) {
  std::string stream;
  auto res = studio.client().Get("/api/runs/" + id + "/events", [&](const char* data, size_t size) {
    stream.append(data, size);
    return true;
  });
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "text/event-stream");
  std::vector<Event> events;
  size_t at = 0;
  for (size_t end; (end = stream.find("\n\n", at)) != std::string::npos; at = end + 2) {
    std::string block = stream.substr(at, end - at);
    size_t newline = block.find('\n');
    REQUIRE(block.starts_with("event: "));
    REQUIRE(block.compare(newline + 1, 6, "data: ") == 0);
    events.push_back({block.substr(7, newline - 7), block.substr(newline + 7)});
  }
  return events;
}

std::string startRun(const StudioFixture& studio, const json& body) {
  auto res = studio.client().Post("/api/runs", body.dump(), "application/json");
  REQUIRE(res);
  REQUIRE(res->status == 201);
  return json::parse(res->body)["id"];
}

}  // namespace

TEST_CASE("a run streams its log, then its report, then its end") {
  StudioFixture studio;
  std::string id = startRun(studio, {{"path", "small.scope"}});
  std::vector<Event> events = readEvents(studio, id);
  REQUIRE(events.size() >= 2);
  CHECK(events.back().type == "end");
  CHECK(json::parse(events.back().data)["status"] == "ok");
  const Event& report = events[events.size() - 2];
  REQUIRE(report.type == "report");
  json doc = json::parse(report.data);
  CHECK(doc["status"] == "ok");
  REQUIRE(doc["outputs"].size() == 1);
  CHECK(doc["outputs"][0]["rows"] == 2);
  CHECK(doc["rows"]["filtered"] == 1);
  CHECK(doc["nodes"].size() >= 2);

  // A late listener replays the whole run.
  CHECK(readEvents(studio, id).size() == events.size());
  // The run is recorded in the studio's run store (popper runs --store).
  CHECK(std::filesystem::exists(studio.store() / "runs.db"));
}

TEST_CASE("a run's parameters reach popper run; a failing run ends failed with its log") {
  StudioFixture studio;
  popper::studio::test::writeFile(studio.root() / "param.scope",
                                  "PARAM input : string = \"in.txt\";\n"
                                  "rows = EXTRACT line:string FROM @input USING Lines();\n"
                                  "OUTPUT rows TO \"out.csv\" USING Csv();\n");
  std::vector<Event> missing =
      readEvents(studio, startRun(studio, {{"path", "param.scope"}, {"params", {{"input", "nope.txt"}}}}));
  REQUIRE(!missing.empty());
  CHECK(json::parse(missing.back().data)["status"] == "failed");
  bool said = false;
  for (const Event& e : missing)
    said = said || (e.type == "log" && e.data.find("nope.txt") != std::string::npos);
  CHECK(said);

  std::vector<Event> fine =
      readEvents(studio, startRun(studio, {{"path", "param.scope"}, {"params", {{"input", "in.txt"}}}}));
  CHECK(json::parse(fine.back().data)["status"] == "ok");
}

TEST_CASE("unknown runs are 404; cancelling a finished run says so") {
  StudioFixture studio;
  CHECK(studio.client().Get("/api/runs/999/events")->status == 404);
  CHECK(studio.client().Delete("/api/runs/999")->status == 404);
  std::string id = startRun(studio, {{"path", "small.scope"}});
  readEvents(studio, id);
  auto res = studio.client().Delete("/api/runs/" + id);
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(json::parse(res->body)["cancelled"] == false);
}

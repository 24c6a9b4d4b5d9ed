// The studio's JSON API: files under the root, check and plan, runs and
// their events (docs/cli.md, "popper studio").
#include <httplib.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "studio/HttpJson.h"
#include "studio/RootPaths.h"
#include "studio/RunManager.h"
#include "studio/StudioServer.h"
#include "studio/WorkflowApi.h"

namespace popper::studio {
namespace {

namespace fs = std::filesystem;

constexpr uintmax_t kMaxFileBytes = uintmax_t{8} << 20;

// The request's "path" under the root, or nullopt after answering 400 or 403.
std::optional<fs::path> resolvedPath(const RootPaths& paths, const std::string& relative,
                                     httplib::Response& res) {
  if (relative.empty()) {
    sendError(res, 400, "missing path");
    return std::nullopt;
  }
  auto resolved = paths.resolve(relative);
  if (!resolved) sendError(res, 403, "path outside the studio's root: " + relative);
  return resolved;
}

void sendEvent(httplib::DataSink& sink, const RunEvent& event, bool& open) {
  std::string text = "event: " + event.type + "\ndata: " + event.data + "\n\n";
  open = open && sink.write(text.data(), text.size());
}

}  // namespace

void StudioServer::addFileRoutes() {
  http_->Get("/api/files", [this](const httplib::Request&, httplib::Response& res) {
    nlohmann::json files = paths_->listWorkflows();
    sendJson(res, 200, nlohmann::json{{"root", paths_->root().filename().string()}, {"files", files}}.dump());
  });
  http_->Get("/api/file", [this](const httplib::Request& req, httplib::Response& res) {
    auto path = resolvedPath(*paths_, req.get_param_value("path"), res);
    if (!path) return;
    std::error_code ec;
    if (!fs::is_regular_file(*path, ec)) return sendError(res, 404, "no such file");
    if (fs::file_size(*path, ec) > kMaxFileBytes) return sendError(res, 413, "file too large to show");
    std::ifstream in(*path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    setBody(res, text.str(), "text/plain; charset=utf-8");
  });
}

void StudioServer::addWorkflowRoutes() {
  using Api = ApiReply (*)(const std::string&, std::string, const Params&);
  auto route = [this](Api api) {
    return [this, api](const httplib::Request& req, httplib::Response& res) {
      auto body = jsonBody(req, res);
      if (!body) return;
      auto path = resolvedPath(*paths_, body->value("path", ""), res);
      if (!path) return;
      ApiReply reply = api(path->string(), body->value("text", ""), stringMap(*body, "params"));
      sendJson(res, reply.status, reply.json);
    };
  };
  http_->Post("/api/check", route(&checkWorkflow));
  http_->Post("/api/plan", route(&planWorkflow));
}

void StudioServer::addRunRoutes() {
  http_->Post("/api/runs", [this](const httplib::Request& req, httplib::Response& res) {
    auto body = jsonBody(req, res);
    if (!body) return;
    auto path = resolvedPath(*paths_, body->value("path", ""), res);
    if (!path) return;
    std::error_code ec;
    if (path->extension() != ".scope" || !fs::is_regular_file(*path, ec))
      return sendError(res, 403, "only .scope files under the root can be run");
    RunRequest request{*path, stringMap(*body, "params"), body->value("no_handlers", false)};
    std::string id;
    if (std::string error = runs_->start(request, id); !error.empty()) return sendError(res, 500, error);
    sendJson(res, 201, nlohmann::json{{"id", id}}.dump());
  });
  http_->Get(R"(/api/runs/(\d+)/events)", [this](const httplib::Request& req, httplib::Response& res) {
    std::shared_ptr<StudioRun> run = runs_->find(req.matches[1]);
    if (!run) return sendError(res, 404, "no such run");
    res.set_header("Cache-Control", "no-cache");
    res.set_chunked_content_provider(
        "text/event-stream", [run, next = size_t{0}](size_t, httplib::DataSink& sink) mutable {
          StudioRun::Batch batch = run->eventsFrom(next, std::chrono::milliseconds(500));
          bool open = true;
          for (const RunEvent& event : batch.events) sendEvent(sink, event, open);
          next += batch.events.size();
          if (batch.ended && open) sink.done();  // the batch that says "ended" holds the last event
          return open;
        });
  });
  http_->Delete(R"(/api/runs/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
    std::shared_ptr<StudioRun> run = runs_->find(req.matches[1]);
    if (!run) return sendError(res, 404, "no such run");
    sendJson(res, 200, nlohmann::json{{"cancelled", run->cancel()}}.dump());
  });
}

}  // namespace popper::studio

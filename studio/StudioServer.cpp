// The studio server's life and its guards: loopback Host headers, JSON-only
// POSTs, the body limit, and the static front end (see StudioServer.h).
#include "studio/StudioServer.h"

#include <httplib.h>

#include <utility>

#include "studio/HttpJson.h"
#include "studio/RootPaths.h"
#include "studio/RunManager.h"

namespace popper::studio {
namespace {

bool isLoopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1";
}

// "name:port" or "[v6]:port" -> name.
std::string hostName(const std::string& header) {
  if (header.starts_with("[")) return header.substr(1, header.find(']') - 1);
  return header.substr(0, header.rfind(':') == std::string::npos ? header.size() : header.rfind(':'));
}

std::string statusText(int status) {
  switch (status) {
    case 404:
      return "not found";
    case 413:
      return "request body too large";
    default:
      return "HTTP " + std::to_string(status);
  }
}

constexpr const char* kNotBuilt =
    "<!doctype html><title>Popper Studio</title><p>The studio's front end is not built: run "
    "<code>scripts/setup.sh</code> (or <code>npm ci &amp;&amp; npm run build</code> in studio/web), or "
    "point <code>--web</code> at a built one.</p>";

}  // namespace

StudioServer::StudioServer(StudioOptions options)
    : options_(std::move(options)),
      http_(std::make_unique<httplib::Server>()),
      paths_(std::make_unique<RootPaths>(options_.root)),
      runs_(std::make_unique<RunManager>(options_.popper, std::filesystem::absolute(options_.store),
                                         std::filesystem::absolute(options_.store) / "studio")) {
  http_->set_payload_max_length(options_.maxBody);
  // A page on another site must not reach a loopback server through a
  // rebinding DNS name, nor POST a form to it (no CORS: JSON needs a preflight).
  http_->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (isLoopback(options_.host) && !isLoopback(hostName(req.get_header_value("Host")))) {
      sendError(res, 403, "Host must be 127.0.0.1 or localhost");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.method == "POST" && !req.get_header_value("Content-Type").starts_with("application/json")) {
      sendError(res, 415, "POST bodies must be application/json");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  http_->set_error_handler([](const httplib::Request&, httplib::Response& res) {
    // httplib's own errors (no route, a body too large) come without a body.
    if (!res.has_header("Content-Type")) sendError(res, res.status, statusText(res.status));
  });
  addFileRoutes();
  addWorkflowRoutes();
  addRunRoutes();
  addStaticRoutes();
}

StudioServer::~StudioServer() { stop(); }

int StudioServer::bind() {
  if (options_.port == 0) return http_->bind_to_any_port(options_.host);
  return http_->bind_to_port(options_.host, options_.port) ? options_.port : -1;
}

bool StudioServer::listen() { return http_->listen_after_bind(); }

void StudioServer::stop() {
  if (http_) http_->stop();
}

void StudioServer::addStaticRoutes() {
  // The run store (`popper runs`) records the studio's runs; the jobs table,
  // run details, compare and diff will read it here (the next slice).
  http_->Get("/api/history", [](const httplib::Request&, httplib::Response& res) {
    sendError(res, 501, "the studio does not read the run store yet: use popper runs");
  });
  http_->Get(R"(/api/.*)",
             [](const httplib::Request&, httplib::Response& res) { sendError(res, 404, "no such API"); });
  std::error_code ec;
  if (!options_.webDir.empty() && std::filesystem::is_regular_file(options_.webDir / "index.html", ec)) {
    http_->set_mount_point("/", options_.webDir.string());
    http_->set_file_request_handler([](const httplib::Request&, httplib::Response& res) {
      std::string type = res.get_header_value("Content-Type");
      setBody(res, std::move(res.body), type);
      res.body.clear();
    });
    return;
  }
  http_->Get("/",
             [](const httplib::Request&, httplib::Response& res) { setBody(res, kNotBuilt, "text/html"); });
}

}  // namespace popper::studio

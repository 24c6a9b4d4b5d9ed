// The studio's JSON replies and request bodies (see HttpJson.h).
#include "studio/HttpJson.h"

#include <memory>
#include <utility>

namespace popper::studio {

void setBody(httplib::Response& res, std::string body, const std::string& contentType) {
  auto shared = std::make_shared<const std::string>(std::move(body));
  res.headers.erase("Content-Type");  // set again below, once
  res.set_content_provider(shared->size(), contentType,
                           [shared](size_t offset, size_t length, httplib::DataSink& sink) {
                             return sink.write(shared->data() + offset, length);
                           });
}

void sendJson(httplib::Response& res, int status, std::string json) {
  res.status = status;
  setBody(res, std::move(json), "application/json");
}

void sendError(httplib::Response& res, int status, const std::string& message) {
  sendJson(res, status, nlohmann::json{{"error", message}}.dump());
}

std::optional<nlohmann::json> jsonBody(const httplib::Request& req, httplib::Response& res) {
  auto body = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    sendError(res, 400, "the request body must be a JSON object");
    return std::nullopt;
  }
  return body;
}

std::map<std::string, std::string> stringMap(const nlohmann::json& body, const std::string& key) {
  std::map<std::string, std::string> values;
  auto it = body.find(key);
  if (it == body.end() || !it->is_object()) return values;
  for (const auto& [name, value] : it->items())
    values[name] = value.is_string() ? value.get<std::string>() : value.dump();
  return values;
}

}  // namespace popper::studio

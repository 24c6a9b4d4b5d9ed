// The studio's JSON replies and request bodies (see HttpJson.h).
#include "studio/HttpJson.h"

namespace popper::studio {

void sendJson(httplib::Response& res, int status, const std::string& json) {
  res.status = status;
  res.set_content(json, "application/json");
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

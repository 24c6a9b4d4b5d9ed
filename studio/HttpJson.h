// Small helpers for the studio's JSON replies and request bodies.
#pragma once

#include <httplib.h>

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace popper::studio {

void sendJson(httplib::Response& res, int status, const std::string& json);
void sendError(httplib::Response& res, int status, const std::string& message);

// The body as a JSON object, or nullopt after answering 400 (not JSON, not an object).
std::optional<nlohmann::json> jsonBody(const httplib::Request& req, httplib::Response& res);

// body[key] as a map of strings (numbers and booleans as their text); absent: empty.
std::map<std::string, std::string> stringMap(const nlohmann::json& body, const std::string& key);

}  // namespace popper::studio

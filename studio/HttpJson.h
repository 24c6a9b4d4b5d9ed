// Small helpers for the studio's JSON replies and request bodies.
#pragma once

#include <httplib.h>

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace popper::studio {

// Sets the body as is. Debian's cpp-httplib is built with brotli and
// compresses every body it holds at brotli's best quality when the client
// accepts it: seconds for the 2 MB front end on a busy machine, for nothing
// on a loopback connection. A body given as a content provider of known
// length is sent uncompressed.
void setBody(httplib::Response& res, std::string body, const std::string& contentType);

void sendJson(httplib::Response& res, int status, std::string json);
void sendError(httplib::Response& res, int status, const std::string& message);

// The body as a JSON object, or nullopt after answering 400 (not JSON, not an object).
std::optional<nlohmann::json> jsonBody(const httplib::Request& req, httplib::Response& res);

// body[key] as a map of strings (numbers and booleans as their text); absent: empty.
std::map<std::string, std::string> stringMap(const nlohmann::json& body, const std::string& key);

}  // namespace popper::studio

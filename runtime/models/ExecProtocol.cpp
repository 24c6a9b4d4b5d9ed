// Exec's request and reply lines (see ExecProtocol.h).
#include "runtime/models/ExecProtocol.h"

namespace popper::models {
namespace {

using nlohmann::json;

json cellJson(const Column& c, size_t r) {
  switch (c.type) {
    case Type::String:
      return json(std::string(c.strings[r]));
    case Type::Int:
      return json(c.ints[r]);
    case Type::Float:
      return json(c.floats[r]);
    case Type::Bool:
      return json(c.bools[r] != 0);
  }
  return json();
}

// The start of a reply for a reason, at most 80 bytes.
std::string excerpt(std::string_view line) { return std::string(line.substr(0, 80)); }

}  // namespace

std::string execRowObject(const Batch& in, const Schema& schema, size_t r) {
  json row = json::object();
  for (size_t c = 0; c < schema.size(); ++c) row[schema[c].name] = cellJson(in.column(c), r);
  return row.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string execRequest(uint64_t id, std::string_view rowObject) {
  std::string line = "{\"";
  line += kExecIdField;
  line += "\":";
  line += std::to_string(id);
  std::string_view rest = rowObject.size() >= 2 ? rowObject.substr(1) : std::string_view("}");
  if (rest != "}") line += ',';
  line += rest;
  line += '\n';
  return line;
}

ExecReply parseExecReply(std::string_view line) {
  ExecReply reply;
  json parsed = json::parse(line, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    reply.kind = ExecReply::Kind::NotJson;
    reply.error = "Exec reply is not a JSON object: " + excerpt(line);
    return reply;
  }
  auto id = parsed.find(kExecIdField);
  if (id == parsed.end() || !id->is_number_integer()) {
    reply.kind = ExecReply::Kind::NoId;
    reply.error = std::string("Exec reply has no integer \"") + kExecIdField +
                  "\" (each reply must echo its request's): " + excerpt(line);
    return reply;
  }
  if (!id->is_number_unsigned()) {
    reply.kind = ExecReply::Kind::BadId;
    reply.error = std::string("Exec reply has a negative \"") + kExecIdField + "\": " + excerpt(line);
    return reply;
  }
  reply.kind = ExecReply::Kind::Answer;
  reply.id = id->get<uint64_t>();
  auto error = parsed.find("error");
  if (error != parsed.end() && !error->is_null()) {
    reply.error = error->is_string() ? error->get<std::string>() : error->dump();
    return reply;
  }
  reply.values = std::move(parsed);
  return reply;
}

}  // namespace popper::models

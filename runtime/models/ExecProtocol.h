// The JSON Lines protocol between Exec and its worker processes (the full
// description is in Exec.cpp's header and docs/language.md, "Exec"): every
// request is one line holding a JSON object with the row's columns and
// kExecIdField, an integer unique within the worker's life; every reply is one
// line holding a JSON object that echoes that id, with the produced columns or
// {"error": "reason"}. Replies come in request order. The id's name cannot be
// a column's (a column name is an identifier, which has no '@').
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "runtime/data/Batch.h"

namespace popper::models {

inline constexpr const char* kExecIdField = "@id";

// Row `r` of `in` as a JSON object of its columns, without the id.
std::string execRowObject(const Batch& in, const Schema& schema, size_t r);

// The request line (ending in '\n') for a row object with id `id`, placed first.
std::string execRequest(uint64_t id, std::string_view rowObject);

// One reply line, read.
struct ExecReply {
  enum class Kind {
    Answer,   // carries an id: `values` (the produced columns) or `error`
    NotJson,  // not a JSON object: `error` says so
    NoId,     // an object without an integer id: `error` says so
    BadId,    // an id no request can have (negative)
  };
  Kind kind = Kind::NotJson;
  uint64_t id = 0;
  nlohmann::json values;
  std::string error;  // Answer: the worker's own reason to reject the row ("" if none)
};
ExecReply parseExecReply(std::string_view line);

}  // namespace popper::models

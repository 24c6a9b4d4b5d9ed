// Appending cells to an output buffer in the text forms writers share: plain
// (as to_string), CSV-quoted when needed, and JSON.
#pragma once

#include <string_view>

#include "runtime/data/Batch.h"
#include "runtime/data/Column.h"
#include "runtime/io/OutputBuffer.h"

namespace popper {

// The value as to_string formats it.
void appendPlainCell(OutputBuffer& out, const Column& c, size_t row);
// A CSV field: quoted (quotes doubled) only when it contains the delimiter, a
// quote, CR or LF; `alone` quotes an empty string so a one-column row is not a blank line.
void appendCsvCell(OutputBuffer& out, const Column& c, size_t row, char delimiter, bool alone);
void appendCsvString(OutputBuffer& out, std::string_view s, char delimiter, bool alone);
// A JSON value (strings escaped; NaN and infinities as strings).
void appendJsonCell(OutputBuffer& out, const Column& c, size_t row);
void appendJsonString(OutputBuffer& out, std::string_view s);
// Row `row` of `b` as a JSON object, keys the column names of `schema`.
void appendJsonObject(OutputBuffer& out, const Schema& schema, const Batch& b, size_t row);

}  // namespace popper

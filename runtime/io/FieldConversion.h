// Turning text fields into column values for the readers: parse by column
// type (straight from the read buffer, no copies for numbers), and column
// defaults for absent fields.
#pragma once

#include <string>
#include <string_view>

#include "common/Schema.h"
#include "runtime/data/Batch.h"
#include "runtime/data/ValueText.h"

namespace popper {

// Appends `text` parsed as c.type; strings are copied into `arena`. Returns
// false (appending nothing) when the text is not a valid value of that type.
// Inline: called once per field.
[[gnu::always_inline]] inline bool appendParsedField(Column& c, std::string_view text, StringArena& arena) {
  switch (c.type) {
    case Type::Int: {
      std::optional<int64_t> v = parseInt(text);
      if (!v) return false;
      c.ints.push_back(*v);
      return true;
    }
    case Type::Float: {
      std::optional<double> v = parseFloat(text);
      if (!v) return false;
      c.floats.push_back(*v);
      return true;
    }
    case Type::Bool: {
      std::optional<bool> v = parseBool(text);
      if (!v) return false;
      c.bools.push_back(*v ? 1 : 0);
      return true;
    }
    case Type::String:
      c.strings.push_back(arena.store(text));
      return true;
  }
  return false;
}

// Appends the column's declared default (an int default widens for a float
// column), or the type's zero when it has none.
void appendDefault(Column& c, const ColumnInfo& info, StringArena& arena);

// "cannot parse 'x' as int for column 'lanes'"
std::string badFieldReason(std::string_view text, const ColumnInfo& info);

// Prepares `out` for a reader: the right schema and lineage mode, no rows.
void resetBatch(Batch& out, const SchemaPtr& schema, bool withLineage, size_t reserveRows);

// Rolls every column back to `rows` values after a failed row.
void truncateColumns(Batch& out, size_t rows);

}  // namespace popper

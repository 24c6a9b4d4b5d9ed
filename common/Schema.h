// Column lists of rowsets: what every relation, plan node and batch carries.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/Type.h"

namespace popper {

struct ColumnInfo {
  std::string name;
  Type type = Type::String;
  std::optional<Literal> defaultValue;  // EXTRACT columns only: used when a field is absent
};

using Schema = std::vector<ColumnInfo>;

// Index of the column named `name`, or -1.
inline int findColumn(const Schema& schema, const std::string& name) {
  for (size_t i = 0; i < schema.size(); ++i)
    if (schema[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace popper

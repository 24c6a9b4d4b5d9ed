// The run store's schema and its migrations (docs/design.md, "The run
// store"): PRAGMA user_version holds the schema version, PRAGMA
// application_id marks the file as a popper store. Opening migrates an older
// store in one transaction; a newer one, or a database that is not a popper
// store, is an error and nothing is touched.
#pragma once

#include "store/Sqlite.h"

namespace popper::store {

inline constexpr int kSchemaVersion = 1;
inline constexpr int kApplicationId = 0x506f7072;  // "Popr"

Status migrate(Database& db);

}  // namespace popper::store

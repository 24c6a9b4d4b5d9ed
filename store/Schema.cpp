#include "store/Schema.h"

#include <fmt/format.h>

#include <string>

namespace popper::store {
namespace {

// Migration N turns a version N-1 store into version N. Never edit one that
// shipped: add the next.
const char* const kMigrations[] = {
    // 1: runs, their outputs and handlers, content-addressed blobs in chunks.
    R"sql(
CREATE TABLE blobs(
  sha256 TEXT PRIMARY KEY,
  size INTEGER NOT NULL);
CREATE TABLE blob_chunks(
  sha256 TEXT NOT NULL REFERENCES blobs(sha256),
  seq INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY(sha256, seq));
CREATE TABLE runs(
  id TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  seconds REAL,
  status TEXT NOT NULL,
  exit_code INTEGER NOT NULL,
  workflow_path TEXT,
  workflow_resolved TEXT,
  workflow_sha256 TEXT,
  workflow_text TEXT,
  params TEXT,
  options TEXT,
  rows_in INTEGER,
  rows_out INTEGER,
  rejected INTEGER,
  rejects_blob TEXT REFERENCES blobs(sha256),
  corrections_blob TEXT REFERENCES blobs(sha256),
  report TEXT NOT NULL);
CREATE INDEX runs_by_start ON runs(started_at);
CREATE TABLE outputs(
  run TEXT NOT NULL REFERENCES runs(id),
  position INTEGER NOT NULL,
  path TEXT NOT NULL,
  resolved TEXT,
  rows INTEGER,
  precision REAL,
  recall REAL,
  f1 REAL,
  snapshot TEXT REFERENCES blobs(sha256),
  format TEXT,
  header INTEGER NOT NULL DEFAULT 0,
  columns TEXT,
  key_columns TEXT,
  truth_path TEXT,
  truth_blob TEXT REFERENCES blobs(sha256),
  PRIMARY KEY(run, position));
CREATE TABLE handlers(
  run TEXT NOT NULL REFERENCES runs(id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  checked INTEGER, detected INTEGER, corrected INTEGER, edits INTEGER, appends INTEGER,
  deletes INTEGER, passed INTEGER, dropped INTEGER, rejected INTEGER,
  PRIMARY KEY(run, position));
)sql",
};
constexpr int kMigrationCount = sizeof(kMigrations) / sizeof(kMigrations[0]);
static_assert(kMigrationCount == kSchemaVersion);

}  // namespace

Status migrate(Database& db) {
  auto appId = db.queryInt("PRAGMA application_id");
  if (!appId) return appId.status();
  auto version = db.queryInt("PRAGMA user_version");
  if (!version) return version.status();
  if (*appId != 0 && *appId != kApplicationId)
    return Status::ioError(fmt::format("{}: not a popper run store (another program's database)", db.path()));
  if (*version > kSchemaVersion)
    return Status::ioError(fmt::format(
        "{}: the run store has schema version {}, newer than this popper knows ({}); use a newer popper "
        "or another --store",
        db.path(), *version, kSchemaVersion));
  if (*version == kSchemaVersion) return Status::ok();
  Transaction txn(db);
  if (Status st = txn.begin(); !st) return st;
  // Read again under the write lock: another process may have migrated meanwhile.
  version = db.queryInt("PRAGMA user_version");
  if (!version) return version.status();
  if (*version == 0) {
    auto tables = db.queryInt("SELECT count(*) FROM sqlite_master");
    if (!tables) return tables.status();
    if (*tables > 0)
      return Status::ioError(
          fmt::format("{}: not a popper run store (a database with other tables)", db.path()));
  }
  for (int v = static_cast<int>(*version); v < kSchemaVersion; ++v)
    if (Status st = db.exec(kMigrations[v]); !st) return st;
  if (Status st = db.exec(fmt::format("PRAGMA application_id = {}; PRAGMA user_version = {}", kApplicationId,
                                      kSchemaVersion));
      !st)
    return st;
  return txn.commit();
}

}  // namespace popper::store

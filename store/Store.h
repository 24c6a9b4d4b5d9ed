// The run store (DESIGN section 8; docs/design.md, "The run store"): one
// SQLite database, <store dir>/runs.db, holding every recorded run's report
// (docs/run-report.md), its workflow's text, and snapshots of its outputs,
// rejects and corrections files, so `popper runs` can list, show, compare and
// diff runs after their files were overwritten. WAL and a busy timeout let
// several processes record at once; each run is one transaction.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "store/Sqlite.h"

namespace popper::store {

inline constexpr const char* kStoreFileName = "runs.db";
inline constexpr int kBusyTimeoutMs = 10000;

// What a run wrote besides its report. `outputs` follows report["outputs"].
struct OutputFile {
  std::string resolved;  // the file to snapshot ("" or "-": none)
  std::string format;    // the outputter (Csv, Jsonl, Lines, ...)
  bool header = false;   // its first line is a header
  std::vector<std::string> columns;
  std::vector<std::string> keyColumns;  // compared with the ground truth (EVALUATE ... ON, or all)
  std::string truthResolved;            // the ground-truth file, "" when not evaluated
};
struct RunFiles {
  std::string workflowText;
  std::vector<OutputFile> outputs;
  std::string rejects;      // the committed rejects file, or ""
  std::string corrections;  // the committed corrections file, or ""
};

struct Recorded {
  std::string id;
  std::vector<std::string> warnings;  // files that could not be snapshotted
};

struct RunSummary {
  std::string id, startedAt, workflow, status;
  int exitCode = 0;
  double seconds = 0;
  int64_t rowsIn = 0, rowsOut = 0, rejected = 0;
};

struct OutputRecord {
  std::string path, resolved;
  int64_t rows = 0;
  std::optional<double> precision, recall, f1;
  std::string snapshot;  // sha256, "" when none
  std::string format;
  bool header = false;
  std::vector<std::string> columns, keyColumns;
  std::string truthPath, truthBlob;
};

class Store {
 public:
  // The store folder: `flag` if given, else $POPPER_STORE, else ./.popper.
  static std::string folder(const std::string& flag);
  // Opens the store in `dir`; `create` makes the folder and database when
  // missing. A damaged database, one of a newer schema, or a folder that
  // cannot be written is an error naming the file.
  static Result<Store> open(const std::string& dir, bool create);

  Result<Recorded> recordRun(const nlohmann::json& report, const RunFiles& files);

  Result<std::vector<RunSummary>> listRuns();
  // The full id of the one run whose id starts with `prefix`.
  Result<std::string> findRun(const std::string& prefix);
  Result<nlohmann::json> report(const std::string& id);
  Result<std::vector<OutputRecord>> outputs(const std::string& id);
  // The sha256 of the run's rejects ("rejects") or corrections ("corrections") file, "" when none.
  Result<std::string> runFile(const std::string& id, const std::string& which);

  Database& database() { return db_; }
  const std::string& path() const { return db_.path(); }

 private:
  explicit Store(Database db) : db_(std::move(db)) {}
  Database db_;
};

}  // namespace popper::store

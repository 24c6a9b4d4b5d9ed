#include "store/Store.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "common/NameSuggest.h"
#include "store/Schema.h"

namespace popper::store {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> jsonStrings(const std::string& text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

bool isHex(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

std::string Store::folder(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("POPPER_STORE"); env && *env) return env;
  return ".popper";
}

Result<Store> Store::open(const std::string& dir, bool create) {
  std::string path = (fs::path(dir) / kStoreFileName).string();
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    if (!create)
      return Status::notFound(fmt::format(
          "no run store at {} (popper run records there; choose one with --store DIR or POPPER_STORE)",
          path));
    fs::create_directories(dir, ec);
    if (ec)
      return Status::ioError(fmt::format("cannot create the run store folder '{}': {}", dir, ec.message()));
  }
  // SQLite in WAL mode writes beside the database even to read it.
  if (::access(dir.c_str(), W_OK) != 0)
    return Status::ioError(fmt::format(
        "cannot write the run store folder '{}': permission denied (--store DIR elsewhere, or --no-record)",
        dir));
  auto db = Database::open(path, create);
  if (!db) return db.status();
  if (sqlite3_busy_timeout(db->handle(), kBusyTimeoutMs) != SQLITE_OK) return db->error("cannot configure");
  // The first read of the file: where a damaged one or another kind of file shows.
  if (auto mode = db->queryInt("PRAGMA journal_mode = WAL"); !mode)
    return Status::ioError(
        fmt::format("{}: damaged or not a popper run store: {}", path, sqlite3_errmsg(db->handle())));
  if (Status st = db->exec("PRAGMA synchronous = NORMAL"); !st) return st;
  // A popper process is mostly the store's last connection: leave the WAL to
  // the automatic checkpoint (past 1000 pages) instead of checkpointing and
  // syncing at every close, on every run's critical path.
  sqlite3_db_config(db->handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  if (Status st = migrate(*db); !st) return st;
  return Store(std::move(*db));
}

Result<std::vector<RunSummary>> Store::listRuns() {
  auto q = db_.prepare(
      "SELECT id, started_at, workflow_path, status, exit_code, seconds, rows_in, rows_out, rejected "
      "FROM runs ORDER BY started_at DESC, rowid DESC");
  if (!q) return q.status();
  std::vector<RunSummary> runs;
  while (true) {
    auto row = q->step();
    if (!row) return row.status();
    if (!*row) break;
    RunSummary r;
    r.id = q->text(0);
    r.startedAt = q->text(1);
    r.workflow = q->text(2);
    r.status = q->text(3);
    r.exitCode = static_cast<int>(q->integer(4));
    r.seconds = q->real(5).value_or(0);
    r.rowsIn = q->integer(6);
    r.rowsOut = q->integer(7);
    r.rejected = q->integer(8);
    runs.push_back(std::move(r));
  }
  return runs;
}

Result<std::string> Store::findRun(const std::string& prefix) {
  std::vector<std::string> matches;
  if (prefix.empty() || isHex(prefix)) {
    auto q = db_.prepare("SELECT id FROM runs WHERE substr(id, 1, ?) = ? ORDER BY started_at DESC");
    if (!q) return q.status();
    q->bind(1, static_cast<int64_t>(prefix.size())).bind(2, prefix);
    while (true) {
      auto row = q->step();
      if (!row) return row.status();
      if (!*row) break;
      matches.push_back(q->text(0));
    }
  }
  if (matches.size() == 1) return matches[0];
  if (matches.size() > 1) {
    std::string shown;
    for (size_t i = 0; i < matches.size() && i < 10; ++i) shown += (i ? ", " : "") + matches[i];
    if (matches.size() > 10) shown += ", ...";
    return Status::invalidArgument(fmt::format(
        "run id '{}' is ambiguous: {} runs match ({}); give more of it", prefix, matches.size(), shown));
  }
  auto all = listRuns();
  if (!all) return all.status();
  std::vector<std::string> ids;
  for (const RunSummary& r : *all) ids.push_back(r.id);
  return Status::notFound(
      fmt::format("no run '{}' in {}{}{}", prefix, path(), didYouMean(prefix, ids),
                  ids.empty() ? " (it holds no runs)" : " (popper runs list shows them)"));
}

Result<nlohmann::json> Store::report(const std::string& id) {
  auto q = db_.prepare("SELECT report FROM runs WHERE id = ?");
  if (!q) return q.status();
  q->bind(1, id);
  auto row = q->step();
  if (!row) return row.status();
  if (!*row) return Status::notFound(fmt::format("no run '{}' in {}", id, path()));
  auto j = nlohmann::json::parse(q->text(0), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded())
    return Status::ioError(fmt::format("{}: run {}: its stored report is damaged", path(), id));
  return j;
}

Result<std::vector<OutputRecord>> Store::outputs(const std::string& id) {
  auto q = db_.prepare(
      "SELECT path, resolved, rows, precision, recall, f1, snapshot, format, header, columns, key_columns, "
      "truth_path, truth_blob FROM outputs WHERE run = ? ORDER BY position");
  if (!q) return q.status();
  q->bind(1, id);
  std::vector<OutputRecord> out;
  while (true) {
    auto row = q->step();
    if (!row) return row.status();
    if (!*row) break;
    OutputRecord o;
    o.path = q->text(0);
    o.resolved = q->text(1);
    o.rows = q->integer(2);
    o.precision = q->real(3);
    o.recall = q->real(4);
    o.f1 = q->real(5);
    o.snapshot = q->text(6);
    o.format = q->text(7);
    o.header = q->integer(8) != 0;
    o.columns = jsonStrings(q->text(9));
    o.keyColumns = jsonStrings(q->text(10));
    o.truthPath = q->text(11);
    o.truthBlob = q->text(12);
    out.push_back(std::move(o));
  }
  return out;
}

Result<std::string> Store::runFile(const std::string& id, const std::string& which) {
  auto q = db_.prepare(which == "rejects" ? "SELECT rejects_blob FROM runs WHERE id = ?"
                                          : "SELECT corrections_blob FROM runs WHERE id = ?");
  if (!q) return q.status();
  q->bind(1, id);
  auto row = q->step();
  if (!row) return row.status();
  if (!*row) return Status::notFound(fmt::format("no run '{}' in {}", id, path()));
  return q->text(0);
}

}  // namespace popper::store

// Store::recordRun: one run, one transaction. The files are hashed before the
// transaction begins (a concurrent recorder waits only for the copying of
// content the store does not hold yet).
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <random>

#include "store/Blobs.h"
#include "store/Sha256.h"
#include "store/Store.h"

namespace popper::store {
namespace {

std::string newRunId() {
  std::random_device device;
  std::uniform_int_distribution<uint64_t> bits;
  return fmt::format("{:012x}", bits(device) & 0xffffffffffffULL);
}

std::string str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
int64_t integer(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<int64_t>() : 0;
}
std::optional<double> real(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}
std::string dump(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() ? "null" : it->dump();
}

// A file to store, open from hashing to copying: its digest, or "" when it
// cannot be read (a warning).
struct Hashed {
  std::string path, sha256;
  uint64_t size = 0;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file{nullptr, std::fclose};
};
Hashed hashFile(const std::string& path, std::vector<std::string>& warnings) {
  Hashed h;
  h.path = path;
  std::error_code ec;
  if (path.empty() || path == "-" || !std::filesystem::is_regular_file(path, ec)) return h;
  h.file.reset(std::fopen(path.c_str(), "rb"));
  if (!h.file) {
    warnings.push_back(fmt::format("cannot read '{}': {}", path, std::strerror(errno)));
    return h;
  }
  auto d = sha256Stream(h.file.get(), path);
  if (!d) {
    warnings.push_back(d.status().message());
    return h;
  }
  h.sha256 = d->sha256;
  h.size = d->size;
  return h;
}

// Stores the file's content; on failure the run refers to no snapshot (a warning).
Status putOrForget(Database& db, Hashed& h, std::vector<std::string>& warnings) {
  if (h.sha256.empty()) return Status::ok();
  Status st = db.exec("SAVEPOINT blob");
  if (!st) return st;
  st = putFileBlob(db, h.file.get(), h.path, h.sha256, h.size);
  h.file.reset();
  if (st) return db.exec("RELEASE blob");
  warnings.push_back(st.message());
  h.sha256.clear();
  return db.exec("ROLLBACK TO blob; RELEASE blob");
}

void bindText(Statement& s, int i, const std::string& v) {
  if (v.empty())
    s.bindNull(i);
  else
    s.bind(i, v);
}

}  // namespace

Result<Recorded> Store::recordRun(const nlohmann::json& report, const RunFiles& files) {
  Recorded done;
  const nlohmann::json empty = nlohmann::json::object();
  const nlohmann::json& outs = report.contains("outputs") ? report["outputs"] : nlohmann::json::array();
  std::vector<Hashed> snapshots, truths;
  for (size_t i = 0; i < files.outputs.size(); ++i) {
    snapshots.push_back(hashFile(files.outputs[i].resolved, done.warnings));
    truths.push_back(hashFile(files.outputs[i].truthResolved, done.warnings));
  }
  Hashed rejects = hashFile(files.rejects, done.warnings);
  Hashed corrections = hashFile(files.corrections, done.warnings);

  Transaction txn(db_);
  if (Status st = txn.begin(); !st) return st;
  for (Hashed* h : {&rejects, &corrections})
    if (Status st = putOrForget(db_, *h, done.warnings); !st) return st;
  for (size_t i = 0; i < snapshots.size(); ++i) {
    if (Status st = putOrForget(db_, snapshots[i], done.warnings); !st) return st;
    if (Status st = putOrForget(db_, truths[i], done.warnings); !st) return st;
  }

  auto insertRun = db_.prepare(
      "INSERT INTO runs(id, started_at, seconds, status, exit_code, workflow_path, workflow_resolved, "
      "workflow_sha256, workflow_text, params, options, rows_in, rows_out, rejected, rejects_blob, "
      "corrections_blob, report) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING");
  if (!insertRun) return insertRun.status();
  const nlohmann::json& workflow = report.contains("workflow") ? report["workflow"] : empty;
  const nlohmann::json& rows = report.contains("rows") ? report["rows"] : empty;
  for (int attempt = 0; done.id.empty(); ++attempt) {
    if (attempt == 8) return Status::internal(fmt::format("{}: cannot draw a new run id", path()));
    std::string id = newRunId();
    Statement& s = *insertRun;
    s.bind(1, id).bind(2, str(report, "started_at")).bind(3, real(report, "seconds"));
    s.bind(4, str(report, "status")).bind(5, integer(report, "exit_code"));
    s.bind(6, str(workflow, "path")).bind(7, str(workflow, "resolved")).bind(8, str(workflow, "sha256"));
    s.bind(9, files.workflowText).bind(10, dump(report, "params")).bind(11, dump(report, "options"));
    s.bind(12, integer(rows, "input")).bind(13, integer(rows, "output")).bind(14, integer(rows, "rejected"));
    bindText(s, 15, rejects.sha256);
    bindText(s, 16, corrections.sha256);
    s.bind(17, report.dump());
    if (Status st = s.run(); !st) return st;
    if (db_.changes() == 1) done.id = id;
  }

  auto insertOutput = db_.prepare(
      "INSERT INTO outputs(run, position, path, resolved, rows, precision, recall, f1, snapshot, format, "
      "header, columns, key_columns, truth_path, truth_blob) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!insertOutput) return insertOutput.status();
  for (size_t i = 0; i < outs.size(); ++i) {
    const nlohmann::json& o = outs[i];
    const nlohmann::json& e =
        o.contains("evaluation") && o["evaluation"].is_object() ? o["evaluation"] : empty;
    OutputFile file = i < files.outputs.size() ? files.outputs[i] : OutputFile{};
    Statement& s = *insertOutput;
    s.bind(1, done.id).bind(2, static_cast<int64_t>(i)).bind(3, str(o, "path")).bind(4, str(o, "resolved"));
    s.bind(5, integer(o, "rows"))
        .bind(6, real(e, "precision"))
        .bind(7, real(e, "recall"))
        .bind(8, real(e, "f1"));
    bindText(s, 9, i < snapshots.size() ? snapshots[i].sha256 : "");
    s.bind(10, file.format).bind(11, static_cast<int64_t>(file.header));
    s.bind(12, nlohmann::json(file.columns).dump()).bind(13, nlohmann::json(file.keyColumns).dump());
    bindText(s, 14, file.truthResolved);
    bindText(s, 15, i < truths.size() ? truths[i].sha256 : "");
    if (Status st = s.run(); !st) return st;
  }

  auto insertHandler = db_.prepare(
      "INSERT INTO handlers(run, position, name, checked, detected, corrected, edits, appends, deletes, "
      "passed, dropped, rejected) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!insertHandler) return insertHandler.status();
  const nlohmann::json& handlers = report.contains("handlers") ? report["handlers"] : nlohmann::json::array();
  for (size_t i = 0; i < handlers.size(); ++i) {
    const nlohmann::json& h = handlers[i];
    Statement& s = *insertHandler;
    s.bind(1, done.id).bind(2, static_cast<int64_t>(i)).bind(3, str(h, "name"));
    int col = 4;
    for (const char* key :
         {"checked", "detected", "corrected", "edits", "appends", "deletes", "passed", "dropped", "rejected"})
      s.bind(col++, integer(h, key));
    if (Status st = s.run(); !st) return st;
  }
  if (Status st = txn.commit(); !st) return st;
  return done;
}

}  // namespace popper::store

// Collecting and writing rejects (see RejectSink.h).
#include "runtime/exec/RejectSink.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>

namespace popper::exec {

Status RejectSink::add(RejectRecord record) {
  std::lock_guard lock(mu_);
  records_.push_back(std::move(record));
  if (maxRejects_ >= 0 && static_cast<int64_t>(records_.size()) > maxRejects_)
    return Status::invalidArgument("too many rejected rows: more than max_rejects = " +
                                   std::to_string(maxRejects_));
  return Status::ok();
}

uint64_t RejectSink::count() const {
  std::lock_guard lock(mu_);
  return records_.size();
}

std::vector<RejectRecord> RejectSink::sorted() const {
  std::lock_guard lock(mu_);
  std::vector<RejectRecord> out = records_;
  std::sort(out.begin(), out.end(), [](const RejectRecord& a, const RejectRecord& b) {
    return std::tie(a.line, a.source, a.node, a.reason, a.row) <
           std::tie(b.line, b.source, b.node, b.reason, b.row);
  });
  return out;
}

Status RejectSink::stage(FileTransaction& files, const std::string& path) {
  std::vector<RejectRecord> records = sorted();
  if (records.empty()) return Status::ok();
  auto file = files.stage(path);
  if (!file) return file.status();
  for (const RejectRecord& r : records) {
    nlohmann::json j = {{"source", r.source}, {"line", r.line}, {"node", r.node}, {"reason", r.reason}};
    if (!r.row.empty()) j["row"] = nlohmann::json::parse(r.row, nullptr, /*allow_exceptions=*/false);
    (*file)->buffer().append(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    (*file)->buffer().push_back('\n');
    Status st = (*file)->maybeFlush();
    if (!st.isOk()) return st;
  }
  return (*file)->flush();
}

}  // namespace popper::exec

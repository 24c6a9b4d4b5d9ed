// Writing an OUTPUT again into a scratch file (see OutputReplay.h).
#include "runtime/verify/OutputReplay.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "runtime/io/TempFiles.h"
#include "runtime/ops/OutputOp.h"

namespace popper::verify {
namespace {

class DiscardingContext : public ops::OperatorContext {
 public:
  void emit(Delta&&) override {}
  Status reject(uint64_t, std::string, const std::string&) override { return Status::ok(); }
  ops::NodeCounters& counters() override { return counters_; }

 private:
  ops::NodeCounters counters_;
};

// A file in the temporary folder named like a temporary file (so one that a
// killed run leaves is removed by the next run staging there, TempFiles.h),
// registered for removal on a signal, and removed when it goes out of scope.
class ScratchFile {
 public:
  ScratchFile() : path_(tempfiles::tempPathFor(scratchFolder() + "/verify-output")), registration_(path_) {}
  ~ScratchFile() { ::unlink(path_.c_str()); }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  static std::string scratchFolder() {
    std::error_code ec;
    std::filesystem::path folder = std::filesystem::temp_directory_path(ec);
    return ec ? std::string("/tmp") : folder.string();
  }

  std::string path_;
  tempfiles::Registration registration_;
};

// Opens a fresh output of `node` writing a scratch file, feeds it `deltas`
// (port 0), finishes it, commits its file and reads back what it wrote.
Result<WrittenOutput> writeThrough(const plan::PhysicalPlan& plan, const plan::PhysicalDecisions& analysis,
                                   plan::NodeId node, const exec::RunOptions& options,
                                   const catalog::OperatorCatalog& catalog, std::vector<Delta> deltas) {
  ScratchFile scratch;
  FileTransaction files;
  ops::OutputSettings s;
  s.path = scratch.path();
  s.files = &files;
  s.streaming = analysis.streaming[static_cast<size_t>(node)];
  s.batchRows = options.batchSize;
  auto opened = ops::OutputOp::open(plan.dataflow.node(node), catalog, s);
  if (!opened) return opened.status();
  ops::OutputOp& op = *opened.value();
  DiscardingContext ctx;
  for (Delta& d : deltas) {
    Status st = op.consume(0, std::move(d), ctx);
    if (!st.isOk()) return st;
  }
  Status st = op.inputEnded(0, ctx);
  if (st.isOk()) st = op.finish(ctx);
  if (st.isOk()) st = files.commit();
  if (!st.isOk()) return st;
  std::ifstream in(s.path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return WrittenOutput{bytes.str(), op.rowsWritten()};
}

// Rows [begin, end) of `rows` as one delta, with their keys unless none has one.
Delta slice(const Batch& rows, const std::vector<OrderKey>& keys, bool withKeys, size_t begin, size_t end) {
  Delta d;
  d.rows = Batch(rows.schemaPtr());
  d.rows.appendRows(rows, begin, end);
  if (withKeys)
    d.keys.assign(keys.begin() + static_cast<std::ptrdiff_t>(begin),
                  keys.begin() + static_cast<std::ptrdiff_t>(end));
  return d;
}

bool anyKey(const std::vector<OrderKey>& keys) {
  return std::any_of(keys.begin(), keys.end(), [](const OrderKey& k) { return !k.empty(); });
}

}  // namespace

Result<WrittenOutput> replayOutput(const plan::PhysicalPlan& plan, const plan::PhysicalDecisions& analysis,
                                   plan::NodeId node, const exec::RunOptions& options,
                                   const catalog::OperatorCatalog& catalog, const ChangeRecord& input) {
  std::vector<Delta> deltas;
  bool withKeys = anyKey(input.keys());
  for (size_t b = 0; b < input.size(); b += options.batchSize)
    deltas.push_back(
        slice(input.changes(), input.keys(), withKeys, b, std::min(input.size(), b + options.batchSize)));
  return writeThrough(plan, analysis, node, options, catalog, std::move(deltas));
}

Result<WrittenOutput> writeLiveOutput(const plan::PhysicalPlan& plan, const plan::PhysicalDecisions& analysis,
                                      plan::NodeId node, const exec::RunOptions& options,
                                      const catalog::OperatorCatalog& catalog, const LiveRows& input) {
  LiveRows once;
  for (size_t r = 0; r < input.size(); ++r)
    for (int64_t c = 0; c < input.copies[r]; ++c) addRow(once, input.rows, r, input.keys[r], 1);
  std::vector<Delta> deltas;
  bool withKeys = anyKey(once.keys);
  for (size_t b = 0; b < once.size(); b += options.batchSize)
    deltas.push_back(slice(once.rows, once.keys, withKeys, b, std::min(once.size(), b + options.batchSize)));
  return writeThrough(plan, analysis, node, options, catalog, std::move(deltas));
}

}  // namespace popper::verify

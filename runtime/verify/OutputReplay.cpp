// Writing an OUTPUT again into a scratch folder (see OutputReplay.h).
#include "runtime/verify/OutputReplay.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

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

// A scratch folder removed when it goes out of scope.
class ScratchDir {
 public:
  ScratchDir() {
    static std::atomic<uint64_t> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("popper-verify-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1)));
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Opens a fresh output of `node` writing into `dir`, feeds it `deltas`
// (port 0), finishes it, commits its file and reads back what it wrote.
Result<WrittenOutput> writeThrough(const plan::PhysicalPlan& plan, const plan::PhysicalDecisions& analysis,
                                   plan::NodeId node, const exec::RunOptions& options,
                                   const catalog::OperatorCatalog& catalog, std::vector<Delta> deltas) {
  ScratchDir dir;
  FileTransaction files;
  ops::OutputSettings s;
  s.path = (dir.path() / "output").string();
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

// Exec(cmd, workers=1, timeout_ms=10000, max_line_bytes=16 MiB) -> the PRODUCE
// columns, computed by persistent subprocesses (`/bin/sh -c cmd`) speaking
// JSON Lines (ExecProtocol.h; docs/language.md, "The Exec protocol"):
//
//   request: {"@id": 17, "text": "a row", ...}   one line per input row: its
//            columns and "@id", an integer unique within the worker's life
//   reply:   {"@id": 17, "n": 2, ...}            one line per request, in
//            request order, echoing its "@id", with the PRODUCE columns, or
//            {"@id": 17, "error": "reason"}      to reject the row
//
// A reply is matched to the row whose id it echoes, never by position alone:
// - a reply that is not a JSON object or has no integer "@id" cannot name its
//   row: the oldest unanswered row is rejected with that reason;
// - a reply to a later pending row rejects the rows it skipped ("skipped this
//   row"), so a missing reply is caught by the next one;
// - a reply for no pending row (a duplicate, an extra line, an id never sent)
//   is a protocol error: the worker is restarted and the unanswered rows are
//   sent again.
// When a worker crashes, closes its output, breaks the protocol, gives no
// complete line for timeout_ms (a worker that writes without ending its line
// times out too) or writes a line longer than max_line_bytes, it is restarted
// and its unanswered rows are sent again; the first unanswered row is the
// suspect, and a suspect that fails a second time is rejected with the
// reason, so one poison row cannot take its neighbours down with it. A too
// long line rejects its row at once. A worker's stderr never reaches the
// terminal: its last 4 KiB end every reason a failure of the worker gives.
// A command that cannot start fails the run (catalog::OperatorFailure): the
// shell exits 126 or 127 before any reply, or a worker that never answered
// dies three times in a row before replying. A reply lacking a PRODUCE column
// or with one of the wrong type rejects its row. A batch is split into
// `workers` contiguous chunks, each pipelined through its own process;
// `instances: n` (see InstancePool.h) runs n such Execs.
#include <deque>
#include <exception>
#include <thread>

#include "runtime/models/ExecProtocol.h"
#include "runtime/models/ExecWorker.h"
#include "runtime/models/InstancePool.h"
#include "runtime/models/ModelOperators.h"
#include "runtime/models/ModelSupport.h"

namespace popper::models {
namespace {

using nlohmann::json;

constexpr int64_t kDefaultMaxLineBytes = int64_t{16} << 20;

class Exec : public catalog::Processor {
 public:
  Exec(ExecConfig config, int workers, const Schema& input, const Schema& produce)
      : config_(std::move(config)), input_(input), produce_(produce) {
    for (int w = 0; w < workers; ++w) workers_.emplace_back(&config_);
  }

  Status startAll() {
    for (ExecWorker& worker : workers_) {
      std::string error;
      if (!worker.start(error)) return Status::unsupported("Exec: " + error);
    }
    return Status::ok();
  }

  void process(const Batch& in, Batch& out, std::vector<uint32_t>& parents, RowErrors& errors) override {
    size_t n = in.size();
    std::vector<std::string> rows(n);
    for (size_t r = 0; r < n; ++r) rows[r] = execRowObject(in, input_, r);
    std::vector<ExecResult> results(n);
    size_t chunks = std::min(workers_.size(), std::max<size_t>(n, 1));
    size_t per = (n + chunks - 1) / chunks;
    if (chunks == 1) {
      workers_[0].answer(rows, 0, n, results);
    } else {
      std::vector<std::exception_ptr> failures(chunks);
      std::vector<std::thread> threads;
      for (size_t w = 0; w < chunks; ++w)
        threads.emplace_back([&, w] {
          try {
            workers_[w].answer(rows, std::min(n, w * per), std::min(n, (w + 1) * per), results);
          } catch (...) {
            failures[w] = std::current_exception();
          }
        });
      for (auto& t : threads) t.join();
      for (const std::exception_ptr& f : failures)
        if (f) std::rethrow_exception(f);
    }
    for (size_t r = 0; r < n; ++r) {
      if (results[r].error.empty()) results[r].error = store(results[r].values, out);
      if (!results[r].error.empty()) {
        errors.add(static_cast<uint32_t>(r), {}, results[r].error);
        continue;
      }
      parents.push_back(static_cast<uint32_t>(r));
    }
  }

 private:
  // Appends the produced columns of one reply to `out`; the reason on failure.
  std::string store(const json& values, Batch& out) {
    for (size_t c = 0; c < produce_.size(); ++c) {
      auto it = values.find(produce_[c].name);
      if (it == values.end()) return "Exec reply has no column '" + produce_[c].name + "'";
      Type t = produce_[c].type;
      bool ok = (t == Type::String && it->is_string()) || (t == Type::Int && it->is_number_integer()) ||
                (t == Type::Float && it->is_number()) || (t == Type::Bool && it->is_boolean());
      if (!ok) return "Exec reply column '" + produce_[c].name + "' is not " + typeName(t);
    }
    for (size_t c = 0; c < produce_.size(); ++c) {
      const json& v = values[produce_[c].name];
      Column& col = out.column(c);
      switch (produce_[c].type) {
        case Type::String:
          col.strings.push_back(out.arena().store(v.get<std::string>()));
          break;
        case Type::Int:
          col.ints.push_back(v.get<int64_t>());
          break;
        case Type::Float:
          col.floats.push_back(v.get<double>());
          break;
        case Type::Bool:
          col.bools.push_back(v.get<bool>() ? 1 : 0);
          break;
      }
    }
    return {};
  }

  ExecConfig config_;
  Schema input_;
  Schema produce_;
  std::deque<ExecWorker> workers_;  // (they point at config_, which never moves)
};

}  // namespace

void registerExec(catalog::OperatorCatalog& catalog) {
  OperatorSignature signature =
      modelSignature("Exec",
                     {literalArg("cmd", Type::String), literalArg("workers", Type::Int, Literal{int64_t{1}}),
                      literalArg("timeout_ms", Type::Int, Literal{int64_t{10000}}),
                      literalArg("max_line_bytes", Type::Int, Literal{kDefaultMaxLineBytes})},
                     {}, /*openProduce=*/true, /*rowWise=*/false);
  catalog.addProcessor(
      std::move(signature),
      pooled([](const catalog::OperatorSetup& s) -> Result<std::unique_ptr<catalog::Processor>> {
        ExecConfig config;
        config.cmd = stringArg(s, "cmd");
        if (config.cmd.empty()) return Status::invalidArgument("Exec needs a command");
        int64_t workers = intArg(s, "workers", 1);
        int64_t timeout = intArg(s, "timeout_ms", 10000);
        int64_t maxLine = intArg(s, "max_line_bytes", kDefaultMaxLineBytes);
        if (workers < 1 || workers > 64)
          return Status::invalidArgument("Exec workers must be between 1 and 64");
        if (timeout < 1 || timeout > (int64_t{1} << 30))
          return Status::invalidArgument("Exec timeout_ms must be between 1 and 2^30");
        if (maxLine < 1) return Status::invalidArgument("Exec max_line_bytes must be positive");
        config.timeoutMs = static_cast<int>(timeout);
        config.maxLineBytes = static_cast<size_t>(maxLine);
        auto op = std::make_unique<Exec>(std::move(config), static_cast<int>(workers), *s.input, *s.produce);
        Status st = op->startAll();
        if (!st.isOk()) return st;
        return std::unique_ptr<catalog::Processor>(std::move(op));
      }));
}

}  // namespace popper::models

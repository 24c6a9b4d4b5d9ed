// Exec(cmd, workers=1, timeout_ms=10000) -> the PRODUCE columns, computed by
// a persistent subprocess (`/bin/sh -c cmd`) speaking JSON Lines: one request
// object per input row holding its columns, one reply object per request, in
// order, holding the produced columns (or {"error": "reason"} to reject the
// row). A batch is split into `workers` contiguous chunks, each pipelined
// through its own process. When a worker crashes, closes its output or sends
// nothing for timeout_ms, it is restarted and its unanswered rows are sent
// again; the first unanswered row is the suspect, and a suspect that fails a
// second time is rejected with the reason, so one poison row cannot take its
// neighbours down with it. A reply that is not a JSON object, lacks a PRODUCE
// column or has one of the wrong type rejects its row. `instances: n` (see
// InstancePool.h) runs n such Execs, each with its own `workers` processes.
#include <nlohmann/json.hpp>
#include <thread>

#include "runtime/models/InstancePool.h"
#include "runtime/models/ModelOperators.h"
#include "runtime/models/ModelSupport.h"
#include "runtime/models/Subprocess.h"

namespace popper::models {
namespace {

using nlohmann::json;

json cellJson(const Column& c, size_t r) {
  switch (c.type) {
    case Type::String:
      return json(std::string(c.strings[r]));
    case Type::Int:
      return json(c.ints[r]);
    case Type::Float:
      return json(c.floats[r]);
    case Type::Bool:
      return json(c.bools[r] != 0);
  }
  return json();
}

// One row's outcome: its produced values, or why it was rejected.
struct RowResult {
  json values;
  std::string error;
};

class Exec : public catalog::Processor {
 public:
  Exec(std::string cmd, int workers, int timeoutMs, const Schema& input, const Schema& produce)
      : cmd_(std::move(cmd)), timeoutMs_(timeoutMs), input_(input), produce_(produce), workers_(workers) {}

  Status startAll() {
    for (size_t w = 0; w < workers_.size(); ++w) {
      std::string error;
      if (!workers_[w].start({"/bin/sh", "-c", cmd_}, error)) return Status::unsupported("Exec: " + error);
    }
    return Status::ok();
  }

  void process(const Batch& in, Batch& out, std::vector<uint32_t>& parents, RowErrors& errors) override {
    size_t n = in.size();
    std::vector<std::string> requests(n);
    for (size_t r = 0; r < n; ++r) {
      json row = json::object();
      for (size_t c = 0; c < input_.size(); ++c) row[input_[c].name] = cellJson(in.column(c), r);
      requests[r] = row.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    }
    std::vector<RowResult> results(n);
    size_t chunks = std::min(workers_.size(), std::max<size_t>(n, 1));
    size_t per = (n + chunks - 1) / chunks;
    if (chunks == 1) {
      runChunk(0, requests, 0, n, results);
    } else {
      std::vector<std::thread> threads;
      for (size_t w = 0; w < chunks; ++w)
        threads.emplace_back(
            [&, w] { runChunk(w, requests, std::min(n, w * per), std::min(n, (w + 1) * per), results); });
      for (auto& t : threads) t.join();
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
  // Sends rows [begin, end) through worker `w`, restarting it as needed.
  void runChunk(size_t w, const std::vector<std::string>& requests, size_t begin, size_t end,
                std::vector<RowResult>& results) {
    Subprocess& worker = workers_[w];
    size_t next = begin;
    bool suspectFailedOnce = false;
    while (next < end) {
      std::string error;
      if (!worker.running() && !worker.start({"/bin/sh", "-c", cmd_}, error)) {
        for (; next < end; ++next) results[next].error = "Exec cannot restart its worker: " + error;
        return;
      }
      std::string batch;
      for (size_t r = next; r < end; ++r) batch += requests[r];
      std::vector<std::string> replies;
      auto outcome = worker.exchange(batch, '\n', end - next, timeoutMs_, replies);
      for (const std::string& reply : replies) parseReply(reply, results[next++]);
      if (outcome == Subprocess::Outcome::Ok) return;
      worker.stop();
      if (!replies.empty()) suspectFailedOnce = false;
      if (suspectFailedOnce) {
        results[next++].error = outcome == Subprocess::Outcome::Timeout
                                    ? "Exec worker gave no reply within " + std::to_string(timeoutMs_) + " ms"
                                    : "Exec worker exited without replying";
        suspectFailedOnce = false;
      } else {
        suspectFailedOnce = true;
      }
    }
  }

  static void parseReply(const std::string& line, RowResult& result) {
    json reply = json::parse(line, nullptr, false);
    if (reply.is_discarded() || !reply.is_object()) {
      result.error = "Exec reply is not a JSON object: " + line.substr(0, 80);
      return;
    }
    auto error = reply.find("error");
    if (error != reply.end() && !error->is_null()) {
      result.error =
          "Exec worker rejected the row: " + (error->is_string() ? error->get<std::string>() : error->dump());
      return;
    }
    result.values = std::move(reply);
  }

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

  std::string cmd_;
  int timeoutMs_;
  Schema input_;
  Schema produce_;
  std::vector<Subprocess> workers_;
};

}  // namespace

void registerExec(catalog::OperatorCatalog& catalog) {
  OperatorSignature signature =
      modelSignature("Exec",
                     {literalArg("cmd", Type::String), literalArg("workers", Type::Int, Literal{int64_t{1}}),
                      literalArg("timeout_ms", Type::Int, Literal{int64_t{10000}})},
                     {}, /*openProduce=*/true, /*rowWise=*/false);
  catalog.addProcessor(
      std::move(signature),
      pooled([](const catalog::OperatorSetup& s) -> Result<std::unique_ptr<catalog::Processor>> {
        std::string cmd = stringArg(s, "cmd");
        if (cmd.empty()) return Status::invalidArgument("Exec needs a command");
        int64_t workers = intArg(s, "workers", 1);
        int64_t timeout = intArg(s, "timeout_ms", 10000);
        if (workers < 1 || workers > 64)
          return Status::invalidArgument("Exec workers must be between 1 and 64");
        if (timeout < 1) return Status::invalidArgument("Exec timeout_ms must be positive");
        auto op = std::make_unique<Exec>(cmd, static_cast<int>(workers), static_cast<int>(timeout), *s.input,
                                         *s.produce);
        Status st = op->startAll();
        if (!st.isOk()) return st;
        return std::unique_ptr<catalog::Processor>(std::move(op));
      }));
}

}  // namespace popper::models

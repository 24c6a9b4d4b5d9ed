// Exec's worker processes: ids, replies, restarts (see ExecWorker.h).
#include "runtime/models/ExecWorker.h"

#include "runtime/catalog/OperatorApi.h"
#include "runtime/models/ExecProtocol.h"

namespace popper::models {
namespace {

// How long a worker that closed its output may take to exit.
constexpr int kExitGraceMs = 500;
// Processes of a worker that never answered and died silently, in a row,
// before the command counts as one that cannot start.
constexpr int kSilentDeathsToFail = 3;

}  // namespace

bool ExecWorker::start(std::string& error) {
  answeredInLife_ = false;
  return process_.start({"/bin/sh", "-c", config_->cmd}, error);
}

void ExecWorker::answer(const std::vector<std::string>& rows, size_t begin, size_t end,
                        std::vector<ExecResult>& results) {
  size_t next = begin;
  bool suspectFailedOnce = false;
  while (next < end) {
    std::string error;
    if (!process_.running() && !start(error))
      throw catalog::OperatorFailure("Exec cannot start its worker: " + error);
    std::string failure;
    size_t head = exchangeOnce(rows, next, end, results, failure);
    if (head > next) suspectFailedOnce = false;
    next = head;
    if (failure.empty() || next == end) continue;
    // The first unanswered row is the suspect: it is sent again to a new
    // process, and rejected if that one fails before answering it too.
    if (suspectFailedOnce) {
      results[next++].error = failure;
      suspectFailedOnce = false;
    } else {
      suspectFailedOnce = true;
    }
  }
}

size_t ExecWorker::exchangeOnce(const std::vector<std::string>& rows, size_t first, size_t end,
                                std::vector<ExecResult>& results, std::string& failure) {
  uint64_t base = nextId_;
  nextId_ += end - first;
  std::string batch;
  for (size_t r = first; r < end; ++r) batch += execRequest(base + (r - first), rows[r]);
  size_t head = first;
  std::string protocolError;
  Subprocess::Limits limits;
  limits.lineTimeoutMs = config_->timeoutMs;
  limits.maxLineBytes = config_->maxLineBytes;
  auto outcome = process_.exchange(batch, limits, [&](std::string_view line) {
    answeredInLife_ = answeredEver_ = true;
    silentDeaths_ = 0;
    ExecReply reply = parseExecReply(line);
    if (reply.kind == ExecReply::Kind::NotJson || reply.kind == ExecReply::Kind::NoId) {
      // Not a reply to any row in particular: the row it stands in for fails.
      results[head++].error = reply.error;
      return head < end;
    }
    uint64_t headId = base + (head - first);
    if (reply.kind == ExecReply::Kind::BadId || reply.id < headId || reply.id >= base + (end - first)) {
      protocolError =
          std::string("Exec worker sent a reply for no pending row: ") + std::string(line.substr(0, 80));
      return false;
    }
    size_t row = first + (reply.id - base);
    for (; head < row; ++head)
      results[head].error = std::string("Exec worker skipped this row: it replied to a later row (\"") +
                            kExecIdField + "\": " + std::to_string(reply.id) + ") first";
    if (reply.error.empty())
      results[row].values = std::move(reply.values);
    else
      results[row].error = "Exec worker rejected the row: " + reply.error;
    head = row + 1;
    return head < end;
  });
  if (outcome == Subprocess::Outcome::Ok && protocolError.empty()) return head;
  if (!protocolError.empty()) {
    failure = withStderr(protocolError);
  } else if (outcome == Subprocess::Outcome::Timeout) {
    failure = withStderr("Exec worker gave no complete reply line within " +
                         std::to_string(config_->timeoutMs) + " ms");
  } else if (outcome == Subprocess::Outcome::LineTooLong) {
    // The reply in the way is the head row's: reject it, go on with a new process.
    results[head++].error = withStderr("Exec reply is longer than max_line_bytes (" +
                                       std::to_string(config_->maxLineBytes) + " bytes)");
  } else {
    failure = closedReason();
  }
  process_.stop();
  return head;
}

std::string ExecWorker::closedReason() {
  std::string how = process_.finish(kExitGraceMs);
  if (!answeredInLife_) {
    ++silentDeaths_;
    int status = process_.exitStatus();
    // 126 and 127: the shell could not find or run the command.
    if (status == 126 || status == 127 || (!answeredEver_ && silentDeaths_ >= kSilentDeathsToFail))
      throw catalog::OperatorFailure(
          withStderr("Exec command '" + config_->cmd + "' cannot start: it " + how + " before replying"));
  }
  return withStderr("Exec worker " + how + " before replying to this row");
}

std::string ExecWorker::withStderr(std::string reason) const {
  std::string tail = process_.stderrTail();
  if (!tail.empty()) reason += "; stderr: " + tail;
  return reason;
}

}  // namespace popper::models

// The HANDLE operator (see HandleOp.h).
#include "runtime/ops/HandleOp.h"

#include <map>

#include "runtime/data/Value.h"
#include "runtime/expr/Interpreter.h"

namespace popper::ops {
namespace {

uint64_t rowHash(const Batch& b, size_t r) {
  uint64_t h = 0x51ed27;
  for (const Column& c : b.columns) h = combineHash(h, hashValue(cellAt(c, r)));
  return h;
}

}  // namespace

HandleOp::HandleOp(const plan::PlanNode& node, const plan::Dataflow& flow, exec::CorrectionLog& log, int64_t maxRounds)
    : node_(node), handle_(node.as<plan::HandleNode>()), flow_(flow), log_(log), maxRounds_(maxRounds) {
  detect_ = makeInterpreter(handle_.detect);
  for (const plan::HandleAction& a : handle_.actions) {
    auto& exprs = setExprs_.emplace_back();
    for (const BoundAssignment& s : a.assignments) exprs.push_back(makeInterpreter(s.value));
  }
}

Status HandleOp::consume(int, Delta&& in, OperatorContext&) {
  received_.push_back(std::move(in));
  return Status::ok();
}

bool HandleOp::recordCorrections(const Batch& live, size_t r, const OrderKey& key, std::string& why) {
  Batch detected(live.schemaPtr());
  detected.appendRows(live, r, r + 1);
  std::vector<exec::PendingCorrection> found;
  for (size_t a = 0; a < handle_.actions.size(); ++a) {
    const plan::HandleAction& action = handle_.actions[a];
    RowId traced;
    const exec::HeldRow* held = log_.trace(action.target, live.rowIds[r], &traced);
    if (!held) {
      why = "cannot trace the row back to '" + flow_.node(action.target).name + "'";
      return false;
    }
    exec::PendingCorrection c;
    c.handler = node_.id;
    c.sortKey = key;
    c.detected = live.rowIds[r];
    c.action = static_cast<int>(a);
    c.kind = action.kind;
    c.target = action.target;
    c.traced = traced;
    if (action.kind == ast::ActionKind::EditSet || action.kind == ast::ActionKind::Append) {
      auto row = std::make_shared<Batch>(held->row.schemaPtr());
      row->appendRows(held->row, 0, 1, StringCopy::Deep);
      EvalContext ctx{&detected, &held->row, nullptr, &row->arena()};
      Selection one = allRows(1);
      for (size_t s = 0; s < action.assignments.size(); ++s) {
        Column value(action.assignments[s].value.type);
        RowErrors errors;
        setExprs_[a][s]->evaluate(ctx, one, value, errors);
        if (!errors.empty()) {
          why = "SET " + flow_.node(action.target).schema[static_cast<size_t>(action.assignments[s].column)].name +
                " failed: " + errors.errors().front().message;
          return false;
        }
        Column& dst = row->columns[static_cast<size_t>(action.assignments[s].column)];
        dst.resize(0);
        appendValue(dst, cellAt(value, 0));
      }
      // Strings computed by SET live in row's arena already; those read from
      // the detected row must be copied, since that batch dies here.
      for (Column& c : row->columns)
        if (c.type == Type::String) c.strings[0] = row->arena().store(c.strings[0]);
      c.replacement = std::move(row);
    }
    found.push_back(std::move(c));
  }
  for (auto& c : found) log_.addPending(std::move(c));
  return true;
}

Status HandleOp::finish(OperatorContext& ctx) {
  // The live rows: net weight per (key, id), in canonical order.
  struct Net {
    int weight = 0;
    size_t delta = 0, row = 0;
  };
  std::map<std::pair<OrderKey, uint64_t>, Net> net;
  for (size_t d = 0; d < received_.size(); ++d) {
    const Delta& in = received_[d];
    for (size_t r = 0; r < in.rows.size(); ++r) {
      Net& n = net[{in.keys.empty() ? OrderKey{} : in.keys[r], in.rows.rowIds[r].value}];
      n.weight += in.rows.weights[r];
      if (in.rows.weights[r] > 0) n.delta = d, n.row = r;
    }
  }
  if (received_.empty()) {
    log_.setRoundStats(node_.id, stats_);
    return Status::ok();
  }
  bool withKeys = !received_.front().keys.empty();
  Batch live(received_.front().rows.schemaPtr(), received_.front().rows.hasLineage());
  std::vector<OrderKey> keys;
  for (const auto& [k, n] : net) {
    if (n.weight <= 0) continue;
    live.appendRows(received_[n.delta].rows, n.row, n.row + 1);
    live.weights.back() = kInsert;
    keys.push_back(k.first);
  }
  stats_.checked = live.size();

  Selection all = allRows(live.size()), hits;
  RowErrors errors;
  EvalContext ectx{&live, nullptr, nullptr, &live.arena()};
  detect_->filter(ectx, all, hits, errors);
  std::vector<uint8_t> isHit(live.size(), 0);
  for (uint32_t h : hits) isHit[h] = 1;

  Delta out;
  out.rows = Batch(live.schemaPtr(), live.hasLineage());
  auto forward = [&](size_t r) {
    out.rows.appendRows(live, r, r + 1);
    if (withKeys) out.keys.push_back(keys[r]);
  };
  const std::string& name = node_.name;
  for (size_t r = 0; r < live.size(); ++r) {
    if (errors.hasFailed(static_cast<uint32_t>(r))) {
      ++stats_.rejected;
      ++ctx.counters().rejected;
      for (const RowError& e : errors.errors())
        if (e.row == r) {
          Status st = ctx.reject(live.rowIds[r].position(), "DETECT failed: " + e.message, name);
          if (!st.isOk()) return st;
        }
      continue;
    }
    if (!isHit[r]) {
      forward(r);
      continue;
    }
    ++stats_.detected;
    uint64_t hash = rowHash(live, r);
    std::optional<exec::HandlerDecision> decision = log_.decision(node_.id, live.rowIds[r], hash);
    std::string reason;
    if (!decision) {
      RowId traced;
      const auto& first = handle_.actions.front();
      bool canTrace = log_.trace(first.target, live.rowIds[r], &traced) != nullptr;
      int done = canTrace ? log_.corrections(node_.id, traced) : 0;
      if (!canTrace) {
        reason = "cannot trace the row back to '" + flow_.node(first.target).name + "'";
        decision = exec::HandlerDecision::Rejected;
      } else if (log_.allCorrections(traced) >= maxRounds_) {
        reason = "its lineage was corrected max_rounds (" + std::to_string(maxRounds_) + ") times";
        decision = exec::HandlerDecision::Rejected;
      } else if (done < handle_.retry) {
        decision = recordCorrections(live, r, keys[r], reason) ? exec::HandlerDecision::Corrected
                                                                 : exec::HandlerDecision::Rejected;
      } else {
        reason = "DETECT still true after " + std::to_string(done) + " correction" + (done == 1 ? "" : "s");
        switch (handle_.eventually) {
          case ast::Eventually::Pass: decision = exec::HandlerDecision::Passed; break;
          case ast::Eventually::Drop: decision = exec::HandlerDecision::Dropped; break;
          case ast::Eventually::Reject: decision = exec::HandlerDecision::Rejected; break;
        }
      }
      // A rejection's reason is recomputed each round, so only the kind is kept.
      log_.decide(node_.id, live.rowIds[r], hash, *decision);
    } else if (*decision == exec::HandlerDecision::Rejected) {
      reason = "DETECT still true";
      RowId traced;
      if (log_.trace(handle_.actions.front().target, live.rowIds[r], &traced)) {
        int done = log_.corrections(node_.id, traced);
        if (log_.allCorrections(traced) >= maxRounds_)
          reason = "its lineage was corrected max_rounds (" + std::to_string(maxRounds_) + ") times";
        else
          reason = "DETECT still true after " + std::to_string(done) + " correction" + (done == 1 ? "" : "s");
      }
    }
    switch (*decision) {
      case exec::HandlerDecision::Corrected: ++stats_.corrected; break;
      case exec::HandlerDecision::Passed:
        ++stats_.passed;
        forward(r);
        break;
      case exec::HandlerDecision::Dropped:
        ++stats_.dropped;
        ++ctx.counters().filtered;
        break;
      case exec::HandlerDecision::Rejected: {
        ++stats_.rejected;
        ++ctx.counters().rejected;
        Status st = ctx.reject(live.rowIds[r].position(), "handler '" + name + "' rejected the row: " + reason, name);
        if (!st.isOk()) return st;
        break;
      }
    }
  }
  received_.clear();
  log_.setRoundStats(node_.id, stats_);
  ctx.emit(std::move(out));
  return Status::ok();
}

}  // namespace popper::ops

// The HANDLE operator, in flight (see HandleOp.h).
#include "runtime/ops/HandleOp.h"

#include <algorithm>
#include <limits>

#include "runtime/data/Value.h"
#include "runtime/io/CellText.h"

namespace popper::ops {

HandleOp::HandleOp(const plan::PlanNode& node, const plan::Dataflow& flow, correction::CorrectionLog& log,
                   int64_t maxRounds, const EvaluatorFactory& evaluators)
    : node_(node),
      handle_(node.as<plan::HandleNode>()),
      flow_(flow),
      log_(log),
      maxRounds_(maxRounds),
      conditions_(handle_.detect),
      conditionTexts_(DetectConditions::texts(handle_.detect, node.schema)) {
  // DETECT and SET are made by the run's evaluator factory, so the JIT
  // compiles them like every other expression of the plan (SET reads the
  // traced row, t.col, as input 1; the JIT supports that).
  detect_ = evaluators(handle_.detect);
  for (const plan::HandleAction& a : handle_.actions) {
    auto& exprs = setExprs_.emplace_back();
    for (const BoundAssignment& s : a.assignments) exprs.push_back(evaluators(s.value));
  }
}

Result<std::unique_ptr<HandleOp>> HandleOp::create(const plan::PlanNode& node, const plan::Dataflow& flow,
                                                   correction::CorrectionLog& log, const Settings& settings,
                                                   const catalog::OperatorCatalog& catalog) {
  std::unique_ptr<HandleOp> op(new HandleOp(node, flow, log, settings.maxRounds, settings.evaluators));
  op->gate_ = settings.gate;
  op->streams_ = settings.gate && settings.streams;
  op->anchored_ = settings.gate && settings.anchored;
  op->pruneEvery_ = std::max<uint64_t>(1, settings.pruneEvery);
  op->injectSource_ = settings.injectSource;
  for (const plan::HandleAction& a : op->handle_.actions) {
    op->usingOps_.emplace_back();
    if (a.kind != ast::ActionKind::EditUsing || !a.op) continue;
    const plan::PlanNode& target = flow.node(a.target);
    if (!target.is<plan::ProcessNode>() || target.inputs.empty())
      return Status::invalidArgument("HANDLE '" + node.name + "': EDIT " + target.name +
                                     " USING needs a PROCESS target");
    catalog::OperatorSetup setup;
    setup.call = &*a.op;
    setup.input = &flow.node(target.inputs[0]).schema;
    setup.produce = &target.as<plan::ProcessNode>().produce;
    auto processor = catalog.makeProcessor(setup);
    if (!processor) return processor.status();
    op->usingOps_.back() = std::move(processor.value());
  }
  return op;
}

std::shared_ptr<Batch> HandleOp::editUsing(size_t action, const correction::HeldRow& traced,
                                           std::string& why) {
  const plan::HandleAction& a = handle_.actions[action];
  const plan::PlanNode& target = flow_.node(a.target);
  const auto& process = target.as<plan::ProcessNode>();
  std::string what = "EDIT " + target.name + " USING " + a.op->op;
  std::vector<RowId> parents = log_.parentsOf(traced.row.rowIds[0]);
  RowId inputId = parents.empty() ? traced.row.rowIds[0] : parents.front();
  std::optional<correction::HeldRow> input = log_.liveRow(target.inputs[0], inputId);
  if (!input) {
    why = what + ": the traced row's input row is gone";
    return nullptr;
  }
  Batch produced(std::make_shared<const Schema>(process.produce));
  std::vector<uint32_t> rows;
  RowErrors errors;
  try {
    usingOps_[action]->process(input->row, produced, rows, errors);
  } catch (const catalog::OperatorFailure&) {
    throw;  // the run cannot go on (consume and flush fail it)
  } catch (const std::exception& e) {
    why = what + " failed: " + e.what();
    return nullptr;
  }
  if (!errors.empty()) {
    why = what + " failed: " + errors.errors().front().message;
    return nullptr;
  }
  if (rows.empty()) {
    why = what + " produced no row";
    return nullptr;
  }
  // t's row: its passthrough columns from the input row, then what Op produced.
  auto row = std::make_shared<Batch>(traced.row.schemaPtr());
  row->shareStringsOf(input->row);
  row->shareStringsOf(produced);
  row->addRowMeta(RowId{}, kInsert);
  size_t pt = process.passthrough.size();
  for (size_t c = 0; c < pt; ++c)
    appendValue(row->columns[c], cellAt(input->row.columns[static_cast<size_t>(process.passthrough[c])], 0));
  for (size_t c = pt; c < row->columns.size(); ++c)
    appendValue(row->columns[c], cellAt(produced.columns[c - pt], 0));
  return row;
}

Status HandleOp::failed(const catalog::OperatorFailure& e) const {
  return Status::unsupported("HANDLE '" + node_.name + "': an EDIT ... USING operator failed: " + e.what());
}

Status HandleOp::consume(int port, Delta&& in, OperatorContext& ctx) {
  try {
    return consumeRows(port, std::move(in), ctx);
  } catch (const catalog::OperatorFailure& e) {
    return failed(e);
  }
}

Status HandleOp::flush(OperatorContext& ctx) {
  try {
    return flushHeld(ctx);
  } catch (const catalog::OperatorFailure& e) {
    return failed(e);
  }
}

Status HandleOp::consumeRows(int, Delta&& in, OperatorContext& ctx) {
  const Batch& rows = in.rows;
  if (rows.empty()) return Status::ok();
  bool withKeys = !in.keys.empty();
  sawKeys_ = sawKeys_ || withKeys;
  Selection all = allRows(rows.size()), hits;
  RowErrors errors;
  EvalContext ectx{&rows, nullptr, nullptr, nullptr};
  Batch scratch(rows.schemaPtr());
  ectx.arena = &scratch.arena();
  detect_->filter(ectx, all, hits, errors);
  if (gate_) return consumeGated(std::move(in), hits, errors, ctx);
  std::vector<uint8_t> isHit(rows.size(), 0);
  for (uint32_t h : hits) isHit[h] = 1;

  Delta out;
  out.rows = Batch(rows.schemaPtr(), rows.hasLineage());
  Selection pass;
  for (size_t r = 0; r < rows.size(); ++r) {
    Weight w = rows.weights[r];
    if (w > 0) checked_ += static_cast<uint64_t>(w);
    bool failed = errors.hasFailed(static_cast<uint32_t>(r));
    if (!isHit[r] && !failed) {
      // DETECT is a function of the row, so its retraction passes as it did.
      pass.push_back(static_cast<uint32_t>(r));
      continue;
    }
    HeldKey key{withKeys ? in.keys[r] : OrderKey{}, rows.rowIds[r].value};
    auto it = held_.find(key);
    if (w > 0) {
      if (it == held_.end()) {
        it = hold(std::move(key), rows, r, errors);
      }
      it->second.weight += w;
      if (it->second.state == State::Passed) pass.push_back(static_cast<uint32_t>(r));
    } else if (it != held_.end()) {
      if (it->second.state == State::Passed) pass.push_back(static_cast<uint32_t>(r));
      it->second.weight += w;
      if (it->second.weight <= 0) forget(it);
    }
  }
  if (pass.size() == rows.size()) {
    ctx.emit(std::move(in));
    return Status::ok();
  }
  out.rows.appendRows(rows, pass);
  if (withKeys)
    for (uint32_t r : pass) out.keys.push_back(std::move(in.keys[r]));  // each row passes once
  ctx.emit(std::move(out));
  return Status::ok();
}

void HandleOp::forget(std::map<HeldKey, Held>::iterator it) {
  if (spareRows_.size() < 1024) {
    it->second.row.clear();
    spareRows_.push_back(std::move(it->second.row));
  }
  held_.erase(it);
}

Batch HandleOp::ownRow(const Batch& rows, size_t r) {
  // A one-row batch of a row the handler no longer holds (no malloc: a held
  // row may be freed on another worker than the one that allocated it, and
  // glibc then locks the other thread's arena).
  Batch row;
  if (!spareRows_.empty() && spareRows_.back().schemaPtr() == rows.schemaPtr()) {
    row = std::move(spareRows_.back());
    spareRows_.pop_back();
  } else {
    row = Batch(rows.schemaPtr());
  }
  strings_.arena();  // created on first use: before it is shared
  row.shareStringsOf(strings_);
  row.addRowMeta(rows.rowIds[r], rows.weights[r]);
  for (size_t c = 0; c < row.columns.size(); ++c) {
    Value v = cellAt(rows.columns[c], r);
    if (v.type == Type::String) v.s = strings_.arena().store(v.s);
    appendValue(row.columns[c], v);
  }
  return row;
}

std::map<HandleOp::HeldKey, HandleOp::Held>::iterator HandleOp::hold(HeldKey key, const Batch& rows, size_t r,
                                                                     const RowErrors& errors) {
  Held h;
  h.row = ownRow(rows, r);
  h.failed = errors.hasFailed(static_cast<uint32_t>(r));
  if (h.failed)
    for (const RowError& e : errors.errors())
      if (e.row == r) h.reason = "DETECT failed: " + e.message;
  return held_.emplace(std::move(key), std::move(h)).first;
}

bool HandleOp::recordCorrections(const HeldKey& key, const Held& h,
                                 const std::vector<std::vector<correction::HeldRow>>& traced,
                                 std::string& why) {
  std::vector<correction::PendingCorrection> found;
  uint8_t condition = conditions_.firstHeld(h.row, 0);
  for (size_t a = 0; a < handle_.actions.size(); ++a) {
    const plan::HandleAction& action = handle_.actions[a];
    // An action applies to every traced row (a group's row traces to all its
    // contributing rows, a join's to both sides).
    for (size_t t = 0; t < traced[a].size(); ++t) {
      const correction::HeldRow& held = traced[a][t];
      correction::PendingCorrection c;
      c.handler = node_.id;
      c.sortKey = key.first;
      c.detected = RowId{key.second};
      c.action = static_cast<int>(a);
      c.traceIndex = static_cast<int>(t);
      c.kind = action.kind;
      c.target = action.target;
      c.traced = held.row.rowIds[0];
      c.injectSource = injectSource_;
      c.condition = condition;
      if (action.kind == ast::ActionKind::EditSet || action.kind == ast::ActionKind::Append) {
        // The replacement's strings (the traced row's and those SET computes)
        // go to one arena shared by all replacements (not a 64 KB block per
        // row): sharing the traced row's strings would pin the arenas of
        // every batch its store shares for the rest of the run (replacements
        // stay in the log).
        auto row = std::make_shared<Batch>(ownRow(held.row, 0));
        row->weights[0] = kInsert;
        EvalContext ctx{&h.row, &held.row, nullptr, &strings_.arena()};
        Selection one = allRows(1);
        for (size_t s = 0; s < action.assignments.size(); ++s) {
          Column value(action.assignments[s].value.type);
          RowErrors errors;
          setExprs_[a][s]->evaluate(ctx, one, value, errors);
          if (!errors.empty()) {
            why = "SET " +
                  flow_.node(action.target).schema[static_cast<size_t>(action.assignments[s].column)].name +
                  " failed: " + errors.errors().front().message;
            return false;
          }
          Column& dst = row->columns[static_cast<size_t>(action.assignments[s].column)];
          dst.resize(0);
          Value v = cellAt(value, 0);
          if (v.type == Type::String) v.s = strings_.arena().store(v.s);
          appendValue(dst, v);
        }
        c.replacement = std::move(row);
      } else if (action.kind == ast::ActionKind::EditUsing) {
        c.replacement = editUsing(a, held, why);
        if (!c.replacement) return false;
      }
      found.push_back(std::move(c));
    }
  }
  for (auto& c : found) {
    if (!streams_) {
      log_.addPending(std::move(c));
      continue;
    }
    // Streaming: applied together at the end of this consume (one lock).
    toApply_.push_back(std::move(c));
  }
  return true;
}

void HandleOp::decide(const HeldKey& key, Held& h, Delta& out, bool withKeys) {
  if (h.failed) {
    h.state = State::Rejected;
    return;
  }
  detected_ += static_cast<uint64_t>(h.weight);
  std::vector<std::vector<correction::HeldRow>> traced;
  for (const plan::HandleAction& a : handle_.actions) {
    traced.push_back(log_.traceAll(a.target, RowId{key.second}));
    if (traced.back().empty()) {
      h.state = State::Rejected;
      h.reason = "cannot trace the row back to '" + flow_.node(a.target).name + "'";
      return;
    }
  }
  // The row's lineage counts: the most corrected of its traced rows.
  int done = 0, all = 0;
  for (const correction::HeldRow& t : traced.front()) {
    // Streaming: only this handler corrects the lineage, one correction
    // after the other, and the log keeps no counts (lineageCount).
    int count = streams_ ? correction::CorrectionLog::lineageCount(t.row.rowIds[0]) : 0;
    auto [mine, any] = streams_ ? std::pair{count, count} : log_.correctionCounts(node_.id, t.row.rowIds[0]);
    done = std::max(done, mine);
    all = std::max(all, any);
  }
  if (all >= maxRounds_) {
    h.state = State::Rejected;
    h.reason = "its lineage was corrected max_rounds (" + std::to_string(maxRounds_) + ") times";
  } else if (done < handle_.retry) {
    h.state = recordCorrections(key, h, traced, h.reason) ? State::Corrected : State::Rejected;
  } else {
    h.reason = "DETECT still true after " + std::to_string(done) + " correction" + (done == 1 ? "" : "s") +
               " (" + conditionTexts_[conditions_.firstHeld(h.row, 0)] + ")";
    switch (handle_.eventually) {
      case ast::Eventually::Pass:
        h.state = State::Passed;
        break;
      case ast::Eventually::Drop:
        h.state = State::Dropped;
        break;
      case ast::Eventually::Reject:
        h.state = State::Rejected;
        break;
    }
  }
  if (h.state == State::Corrected) corrected_ += static_cast<uint64_t>(h.weight);
  if (h.state == State::Passed && !gate_) {
    for (int i = 0; i < h.weight; ++i) {
      out.rows.appendRows(h.row, 0, 1);
      if (withKeys) out.keys.push_back(key.first);
    }
  }
}

Status HandleOp::flushHeld(OperatorContext& ctx) {
  if (gate_) {
    flushGated();
    return Status::ok();
  }
  Delta out;
  bool any = false;
  for (auto& [key, h] : held_) {
    if (h.state != State::Waiting || h.weight <= 0) continue;
    if (!any) out.rows = Batch(h.row.schemaPtr(), false), any = true;
    decide(key, h, out, sawKeys_);
  }
  if (any) ctx.emit(std::move(out));
  return Status::ok();
}

Status HandleOp::finish(OperatorContext& ctx) {
  Status st = flush(ctx);
  if (!st.isOk()) return st;
  if (gate_) {
    // No correction is coming back any more: release the rest.
    if (st = release_.release(std::numeric_limits<uint64_t>::max(), ctx); !st.isOk()) return st;
  }
  // checked, detected and corrected count events over the whole run (every
  // version of a row is checked afresh); passed, dropped and rejected are the
  // detected rows still live at the end, so they match the outputs and the
  // rejects file.
  correction::HandlerRoundStats stats;
  stats.checked = checked_;
  stats.detected = detected_;
  stats.corrected = corrected_;
  stats.passed = passed_;
  const std::string& name = node_.name;
  auto report = [&](const Held& h) -> Status {
    if (h.weight <= 0) return Status::ok();
    uint64_t n = static_cast<uint64_t>(h.weight);
    switch (h.state) {
      case State::Waiting:
        break;
      case State::Corrected:
        break;
      case State::Passed:
        stats.passed += n;
        break;
      case State::Dropped:
        stats.dropped += n;
        ctx.counters().filtered += n;
        break;
      case State::Rejected: {
        stats.rejected += n;
        ctx.counters().rejected += n;
        std::string reason = h.failed ? h.reason : "handler '" + name + "' rejected the row: " + h.reason;
        OutputBuffer row(256);
        appendJsonObject(row, h.row.schema(), h.row, 0);
        for (uint64_t i = 0; i < n; ++i)
          if (Status st = ctx.rejectRow(h.row.rowIds[0].position(), reason, name, std::string(row.view()));
              !st.isOk())
            return st;
        break;
      }
    }
    return Status::ok();
  };
  for (const auto& entry : held_)
    if (st = report(entry.second); !st.isOk()) return st;
  for (const Held& h : kept_)
    if (st = report(h); !st.isOk()) return st;
  log_.setRoundStats(node_.id, stats);
  return Status::ok();
}

}  // namespace popper::ops

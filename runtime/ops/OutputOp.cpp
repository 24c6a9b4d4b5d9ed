// Writing an OUTPUT: streamed or materialized (see OutputOp.h).
#include "runtime/ops/OutputOp.h"

#include <algorithm>
#include <numeric>

#include "runtime/data/Value.h"

namespace popper::ops {

Result<std::unique_ptr<OutputOp>> OutputOp::open(const plan::PlanNode& node,
                                                 const catalog::OperatorCatalog& catalog,
                                                 const OutputSettings& settings) {
  const auto& output = node.as<plan::OutputNode>();
  std::unique_ptr<OutputOp> op(new OutputOp());
  op->schema_ = std::make_shared<const Schema>(node.schema);
  WriterOptions options;
  options.path = settings.path;
  options.files = settings.files;
  options.schema = op->schema_;
  auto writer = catalog.openOutputter(output.outputter, options);
  if (!writer) return writer.status();
  op->writer_ = std::move(writer.value());
  op->changelog_ = output.outputter.op == "Changelog";
  op->streaming_ = settings.streaming && !op->changelog_ && output.orderBy.empty();
  op->batchRows_ = settings.batchRows;
  op->orderBy_ = output.orderBy;
  op->evaluators_ = settings.evaluators;
  op->changes_ = Batch(op->schema_);
  if (output.evaluate && !settings.groundTruthPath.empty()) {
    auto truth = GroundTruth::load(settings.groundTruthPath, *output.evaluate, node.schema);
    if (!truth) return truth.status();
    op->truth_ = std::move(truth.value());
  }
  return op;
}

Status OutputOp::consume(int, Delta&& in, OperatorContext& ctx) {
  if (streaming_) {
    written_ += in.rows.size();
    ctx.counters().rowsOut = written_;
    if (truth_) truth_->count(in.rows);
    return writer_->write(in.rows);
  }
  // Without order keys rows arrive in canonical order (PhysicalDecisions made
  // sure), insert-only: arrival order is then the canonical order.
  if (in.keys.empty() != keys_.empty() && changes_.size() > 0)
    return Status::internal("output received rows with and without order keys");
  changes_.appendRows(in.rows, 0, in.rows.size(), StringCopy::Deep);
  for (OrderKey& k : in.keys) keys_.push_back(std::move(k));
  return Status::ok();
}

Status OutputOp::finish(OperatorContext& ctx) {
  Status st = streaming_ ? Status::ok() : writeMaterialized(ctx);
  return st.isOk() ? writer_->finish() : st;
}

Status OutputOp::writeMaterialized(OperatorContext& ctx) {
  // Canonical order; the changes of one row stay in arrival order.
  std::vector<uint32_t> order(changes_.size());
  std::iota(order.begin(), order.end(), 0u);
  bool keyed = keys_.size() == changes_.size() && !keys_.empty();
  if (keyed)
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return keys_[a] < keys_[b]; });

  std::vector<uint32_t> rows;  // what gets written, one entry per copy
  if (changelog_ || !keyed) {
    rows = order;
  } else {
    for (size_t i = 0; i < order.size();) {
      size_t j = i;
      int64_t weight = 0;
      for (; j < order.size() && keys_[order[j]] == keys_[order[i]]; ++j)
        weight += changes_.weights[order[j]];
      // A row replaced under its key (a group's retraction, then its new
      // row) survives as its latest insertions, in arrival order.
      std::vector<uint32_t> survivors;
      for (size_t k = j; k-- > i && static_cast<int64_t>(survivors.size()) < weight;)
        if (changes_.weights[order[k]] > 0) survivors.push_back(order[k]);
      rows.insert(rows.end(), survivors.rbegin(), survivors.rend());
      i = j;
    }
  }
  if (!orderBy_.empty() && !rows.empty()) {
    std::vector<BoundExpr> exprs;
    for (const BoundOrderKey& k : orderBy_) exprs.push_back(k.expr);
    ExprColumns sortKeys(exprs, evaluators_);
    RowErrors errors;
    Batch values = sortKeys.evaluate(changes_, errors);
    Status st = rejectRowErrors(changes_, errors, ctx);
    if (!st.isOk()) return st;
    std::erase_if(rows, [&](uint32_t r) { return errors.hasFailed(r); });
    std::stable_sort(rows.begin(), rows.end(), [&](uint32_t a, uint32_t b) {
      for (size_t k = 0; k < orderBy_.size(); ++k) {
        int c = compareValues(cellAt(values.column(k), a), cellAt(values.column(k), b));
        if (c != 0) return orderBy_[k].descending ? c > 0 : c < 0;
      }
      return false;
    });
  }
  Batch chunk(schema_);
  for (size_t i = 0; i < rows.size(); i += batchRows_) {
    chunk.clear();
    Selection sel(rows.begin() + static_cast<std::ptrdiff_t>(i),
                  rows.begin() + static_cast<std::ptrdiff_t>(std::min(rows.size(), i + batchRows_)));
    chunk.appendRows(changes_, sel, StringCopy::Share);
    if (truth_) truth_->count(chunk);
    Status st = writer_->write(chunk);
    if (!st.isOk()) return st;
  }
  written_ = rows.size();
  ctx.counters().rowsOut = written_;
  return Status::ok();
}

std::optional<EvaluationScore> OutputOp::evaluation() const {
  if (!truth_) return std::nullopt;
  return truth_->score();
}

void OutputOp::abort() { writer_->abort(); }

}  // namespace popper::ops

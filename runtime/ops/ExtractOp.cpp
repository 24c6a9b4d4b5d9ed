// Reading an EXTRACT's input in batches (see ExtractOp.h).
#include "runtime/ops/ExtractOp.h"

#include "runtime/data/OrderKey.h"

namespace popper::ops {

Result<std::unique_ptr<ExtractOp>> ExtractOp::open(const plan::PlanNode& node,
                                                   const catalog::OperatorCatalog& catalog,
                                                   const ExtractSettings& settings) {
  const auto& extract = node.as<plan::ExtractNode>();
  std::unique_ptr<ExtractOp> op(new ExtractOp());
  ReaderOptions options;
  options.path = settings.path;
  options.schema = std::make_shared<const Schema>(extract.declared);
  options.sourceId = static_cast<uint64_t>(node.id);
  options.withLineage = node.keepLineage;
  options.batchRows = settings.batchRows;
  options.materialize.assign(extract.declared.size(), false);
  for (int c : extract.readColumns) options.materialize[static_cast<size_t>(c)] = true;
  bool identity = extract.readColumns.size() == extract.declared.size();
  for (size_t i = 0; identity && i < extract.readColumns.size(); ++i)
    identity = extract.readColumns[i] == static_cast<int>(i);
  if (!identity) op->readColumns_ = extract.readColumns;
  auto reader = catalog.openExtractor(extract.extractor, options);
  if (!reader) return reader.status();
  op->reader_ = std::move(reader.value());
  op->schema_ = std::make_shared<const Schema>(node.schema);
  op->withKeys_ = settings.withKeys;
  return op;
}

Result<bool> ExtractOp::produce(OperatorContext& ctx) {
  Delta out;
  errors_.clear();
  Result<bool> more = reader_->next(out.rows, errors_);
  if (!more) return more.status();
  ctx.counters().inputRows = reader_->recordsRead();
  for (const ReadError& e : errors_) {
    ++ctx.counters().rejected;
    Status st = ctx.reject(e.line, e.reason);
    if (!st.isOk()) return st;
  }
  if (out.rows.empty()) return *more;
  if (!readColumns_.empty()) {
    Batch raw = std::move(out.rows);
    out.rows = Batch(schema_, raw.hasLineage());
    for (size_t i = 0; i < readColumns_.size(); ++i)
      out.rows.column(i) = std::move(raw.column(static_cast<size_t>(readColumns_[i])));
    out.rows.rowIds = std::move(raw.rowIds);
    out.rows.weights = std::move(raw.weights);
    out.rows.lineageOffsets = std::move(raw.lineageOffsets);
    out.rows.lineageParents = std::move(raw.lineageParents);
    out.rows.shareStringsOf(raw);
  }
  if (withKeys_) {
    out.keys.resize(out.rows.size());
    for (size_t r = 0; r < out.rows.size(); ++r)
      appendPositionKey(out.keys[r], out.rows.rowIds[r].position());
  }
  ctx.emit(std::move(out));
  return *more;
}

Status ExtractOp::consume(int, Delta&&, OperatorContext&) {
  return Status::internal("an extractor has no inputs");
}

}  // namespace popper::ops

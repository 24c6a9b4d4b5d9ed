// PROCESS through a Processor (see ProcessOp.h).
#include "runtime/ops/ProcessOp.h"

#include <exception>

#include "runtime/ops/ExprColumns.h"
#include "runtime/ops/OrderKey.h"

namespace popper::ops {

Result<std::unique_ptr<ProcessOp>> ProcessOp::create(const plan::PlanNode& node, const plan::Dataflow& flow,
                                                     const OperatorLibrary& library, bool withKeys) {
  const auto& process = node.as<plan::ProcessNode>();
  std::unique_ptr<ProcessOp> op(new ProcessOp());
  OperatorSetup setup;
  setup.call = &process.processor;
  setup.input = &flow.node(node.inputs[0]).schema;
  setup.produce = &process.produce;
  auto processor = library.makeProcessor(setup);
  if (!processor) return processor.status();
  op->processor_ = std::move(processor.value());
  op->nodeId_ = static_cast<uint64_t>(node.id);
  op->schema_ = std::make_shared<const Schema>(node.schema);
  op->produce_ = std::make_shared<const Schema>(process.produce);
  op->passthrough_ = process.passthrough;
  op->lineage_ = node.keepLineage;
  op->withKeys_ = withKeys;
  op->name_ = process.processor.op;
  return op;
}

void ProcessOp::processRowByRow(const Batch& in, Batch& produced, std::vector<uint32_t>& parents, RowErrors& errors) {
  for (size_t r = 0; r < in.size(); ++r) {
    Batch one(in.schemaPtr(), false);
    one.appendRows(in, r, r + 1, StringCopy::Share);
    Batch out(produce_);
    std::vector<uint32_t> oneParents;
    RowErrors oneErrors;
    try {
      processor_->process(one, out, oneParents, oneErrors);
    } catch (const std::exception& e) {
      errors.add(static_cast<uint32_t>(r), {}, "operator '" + name_ + "' failed: " + e.what());
      continue;
    }
    if (!oneErrors.empty()) {
      errors.add(static_cast<uint32_t>(r), oneErrors.errors()[0].range, oneErrors.errors()[0].message);
      continue;
    }
    produced.shareStringsOf(out);
    for (size_t c = 0; c < out.numColumns(); ++c) produced.column(c).appendRange(out.column(c), 0, out.column(c).size());
    parents.insert(parents.end(), oneParents.size(), static_cast<uint32_t>(r));
  }
}

Status ProcessOp::consume(int, Delta&& in, OperatorContext& ctx) {
  Batch produced(produce_);
  std::vector<uint32_t> parents;
  RowErrors errors;
  try {
    processor_->process(in.rows, produced, parents, errors);
  } catch (const std::exception&) {
    // Find the rows it throws on: run them one at a time, rejecting those.
    produced = Batch(produce_);
    parents.clear();
    errors.clear();
    processRowByRow(in.rows, produced, parents, errors);
  }
  Status st = rejectRowErrors(in.rows, errors, ctx);
  if (!st.isOk()) return st;

  Delta out;
  out.rows = Batch(schema_, lineage_);
  out.rows.shareStringsOf(in.rows);
  out.rows.shareStringsOf(produced);
  size_t n = parents.size();
  for (size_t c = 0; c < passthrough_.size(); ++c)
    out.rows.column(c).appendGather(in.rows.column(static_cast<size_t>(passthrough_[c])), parents.data(), n);
  for (size_t c = 0; c < produced.numColumns(); ++c) {
    if (produced.column(c).size() != n)
      return Status::internal("operator '" + name_ + "' produced columns of different lengths");
    out.rows.column(passthrough_.size() + c) = std::move(produced.column(c));
  }
  bool keys = withKeys_ && in.keys.size() == in.rows.size();
  if (keys) out.keys.resize(n);
  uint32_t k = 0;
  for (size_t i = 0; i < n; ++i) {
    uint32_t p = parents[i];
    k = (i > 0 && parents[i - 1] == p) ? k + 1 : 0;
    // A source row (derivation 0) has the only id at its position from its
    // source; any other parent (a join row, a handler's injected row) may
    // share its position with others, so its children's ids mix in all of it.
    RowId parent = in.rows.rowIds[p];
    RowId id = parent.derivation() == 0 ? RowId::derive(parent, nodeId_, k)
                                        : RowId::make(parent.position(), nodeId_, combineHash(parent.value, k));
    out.rows.addRowMeta(id, in.rows.weights[p]);
    if (lineage_) out.rows.addParent(in.rows.rowIds[p]);
    if (keys) {
      out.keys[i].reserve(in.keys[p].size() + 4);
      out.keys[i] = in.keys[p];
      appendIndexKey(out.keys[i], k);
    }
  }
  ctx.emit(std::move(out));
  return Status::ok();
}

}  // namespace popper::ops

// PROCESS through a Processor, with operator-emitted back edges (see ProcessOp.h).
#include "runtime/ops/ProcessOp.h"

#include <exception>
#include <map>

#include "compiler/sema/OperatorRegistry.h"
#include "runtime/data/OrderKey.h"
#include "runtime/data/Value.h"
#include "runtime/ops/ExprColumns.h"

namespace popper::ops {

// Traces input rows of the batch being processed through the CorrectionLog,
// remembering which target row each (row, edge) reached.
class ProcessOp::Tracer : public catalog::BackEdgeTracer {
 public:
  Tracer(const ProcessOp& op, const Batch& in) : op_(op), in_(in) {}

  const Batch* trace(int edge, uint32_t inputRow, std::string& why) override {
    auto key = std::make_pair(inputRow, edge);
    if (auto hit = traced_.find(key); hit != traced_.end()) return hit->second.row.get();
    if (edge < 0 || static_cast<size_t>(edge) >= op_.edgeTargets_.size()) {
      why = "operator '" + op_.name_ + "' emitted a back edge it does not declare";
      return nullptr;
    }
    plan::NodeId target = op_.edgeTargets_[static_cast<size_t>(edge)];
    const std::string& targetName = op_.edgeTargetNames_[static_cast<size_t>(edge)];
    if (target == plan::kNoNode) {
      why = "operator '" + op_.name_ + "' has no target rowset for its back edge";
      return nullptr;
    }
    // Several ancestors (through a join): the first in id order, a canonical choice.
    std::vector<correction::HeldRow> rows;
    if (op_.log_) rows = op_.log_->traceAll(target, in_.rowIds[inputRow]);
    if (rows.empty() && in_.weights[inputRow] <= 0) {
      // A retraction's requests are ignored, and its traced row may be gone
      // already (retracted by this very correction): a row of zero values
      // lets the operator recompute the outputs it emitted for the insert.
      Traced& t = traced_[key];
      t.row = std::make_shared<Batch>(op_.edgeSchemas_[static_cast<size_t>(edge)]);
      t.row->addRowMeta(RowId{}, kRetract);
      for (Column& c : t.row->columns) c.appendZero();
      return t.row.get();
    }
    if (rows.empty()) {
      why = "cannot trace the row back to '" + targetName + "'";
      return nullptr;
    }
    Traced& t = traced_[key];
    t.id = rows.front().row.rowIds[0];
    t.row = std::make_shared<Batch>(std::move(rows.front().row));
    return t.row.get();
  }

  // The target row a traced (row, edge) reached.
  RowId tracedId(uint32_t inputRow, int edge) const { return traced_.at({inputRow, edge}).id; }

 private:
  struct Traced {
    std::shared_ptr<Batch> row;
    RowId id;
  };
  const ProcessOp& op_;
  const Batch& in_;
  std::map<std::pair<uint32_t, int>, Traced> traced_;
};

namespace {

uint64_t rowHash(const Batch& b, size_t r) {
  uint64_t h = 0x9b0c35;
  for (const Column& c : b.columns) h = combineHash(h, hashValue(cellAt(c, r)));
  return h;
}

ast::ActionKind actionKindOf(ast::ActionKind declared) {
  // A declared Edit is an EDIT t SET of the whole row: the operator computed it.
  return declared == ast::ActionKind::EditUsing ? ast::ActionKind::EditSet : declared;
}

}  // namespace

Result<std::unique_ptr<ProcessOp>> ProcessOp::create(const plan::PlanNode& node, const plan::Dataflow& flow,
                                                     const catalog::OperatorCatalog& catalog, bool withKeys) {
  const auto& process = node.as<plan::ProcessNode>();
  std::unique_ptr<ProcessOp> op(new ProcessOp());
  catalog::OperatorSetup setup;
  setup.call = &process.processor;
  setup.input = &flow.node(node.inputs[0]).schema;
  setup.produce = &process.produce;
  auto processor = catalog.makeProcessor(setup);
  if (!processor) return processor.status();
  op->processor_ = std::move(processor.value());
  op->nodeId_ = static_cast<uint64_t>(node.id);
  op->schema_ = std::make_shared<const Schema>(node.schema);
  op->produce_ = std::make_shared<const Schema>(process.produce);
  op->passthrough_ = process.passthrough;
  op->lineage_ = node.keepLineage;
  op->withKeys_ = withKeys;
  op->name_ = process.processor.op;
  op->nodeName_ = node.name;
  if (const OperatorSignature* sig = process.processor.signature) {
    for (const DeclaredBackEdge& d : sig->backEdges) {
      plan::NodeId target = plan::kNoNode;
      std::string targetName;
      const BoundArg* arg = process.processor.arg(d.targetArg);
      if (arg && !arg->isColumn && arg->value.type() == Type::String) {
        targetName = arg->value.asString();
        for (const plan::PlanNode& n : flow.nodes)
          if (n.id < node.id && n.name == targetName) target = n.id;
      }
      op->edgeSchemas_.push_back(
          std::make_shared<const Schema>(target == plan::kNoNode ? Schema{} : flow.node(target).schema));
      op->edgeActions_.push_back(actionKindOf(d.action));
      op->edgeTargets_.push_back(target);
      op->edgeTargetNames_.push_back(targetName);
    }
  }
  return op;
}

void ProcessOp::attachCorrections(correction::CorrectionLog* log, int64_t maxRounds) {
  log_ = log;
  maxRounds_ = maxRounds;
}

void ProcessOp::processRowByRow(const Batch& in, Batch& produced, std::vector<uint32_t>& parents,
                                RowErrors& errors) {
  for (size_t r = 0; r < in.size(); ++r) {
    Batch one(in.schemaPtr(), false);
    one.appendRows(in, r, r + 1, StringCopy::Share);
    Batch out(produce_);
    std::vector<uint32_t> oneParents;
    RowErrors oneErrors;
    try {
      processor_->process(one, out, oneParents, oneErrors);
    } catch (const catalog::OperatorFailure&) {
      throw;
    } catch (const std::exception& e) {
      errors.add(static_cast<uint32_t>(r), {}, "operator '" + name_ + "' failed: " + e.what());
      continue;
    }
    if (!oneErrors.empty()) {
      errors.add(static_cast<uint32_t>(r), oneErrors.errors()[0].range, oneErrors.errors()[0].message);
      continue;
    }
    produced.shareStringsOf(out);
    for (size_t c = 0; c < out.numColumns(); ++c)
      produced.column(c).appendRange(out.column(c), 0, out.column(c).size());
    parents.insert(parents.end(), oneParents.size(), static_cast<uint32_t>(r));
  }
}

void ProcessOp::applyActions(const Delta& in, const Tracer& tracer,
                             std::vector<catalog::EmittedAction>& actions, RowErrors& errors,
                             std::vector<uint8_t>& dropOutputs) {
  // Per input row, its actions in the order the operator emitted them.
  std::map<uint32_t, std::vector<catalog::EmittedAction*>> byRow;
  for (catalog::EmittedAction& a : actions)
    if (!errors.hasFailed(a.inputRow)) byRow[a.inputRow].push_back(&a);
  const std::string rejectedBy = "operator '" + name_ + "' rejected the row: ";
  for (auto& [r, rowActions] : byRow) {
    RowId detected = in.rows.rowIds[r];
    uint64_t memo = combineHash(detected.value, rowHash(in.rows, r));
    if (in.rows.weights[r] <= 0) {
      // A retraction asks for nothing; it retracts outputs only if the insert emitted them.
      if (rejected_.count(memo)) dropOutputs[r] = 1;
      continue;
    }
    bool pastBound = false;
    for (catalog::EmittedAction* a : rowActions)
      if (log_->allCorrections(tracer.tracedId(r, a->edge)) >= maxRounds_) pastBound = true;
    if (pastBound) {
      errors.add(
          r, {},
          rejectedBy + "its lineage was corrected max_rounds (" + std::to_string(maxRounds_) + ") times");
      dropOutputs[r] = 1;
      rejected_.insert(memo);
      continue;
    }
    for (catalog::EmittedAction* a : rowActions) {
      correction::PendingCorrection c;
      c.handler = static_cast<plan::NodeId>(nodeId_);
      if (in.keys.size() == in.rows.size()) c.sortKey = in.keys[r];
      c.detected = detected;
      c.action = a->edge;
      c.kind = edgeActions_[static_cast<size_t>(a->edge)];
      c.target = edgeTargets_[static_cast<size_t>(a->edge)];
      c.traced = tracer.tracedId(r, a->edge);
      c.replacement = std::move(a->row);
      log_->addPending(std::move(c));
    }
  }
}

Status ProcessOp::consume(int, Delta&& in, OperatorContext& ctx) {
  Batch produced(produce_);
  std::vector<uint32_t> parents;
  RowErrors errors;
  if (declaresBackEdges()) {
    // Operators with back edges catch their own row failures (plugin adapters do).
    Tracer tracer(*this, in.rows);
    std::vector<catalog::EmittedAction> actions;
    std::vector<uint8_t> dropOutputs(in.rows.size(), 0);
    processor_->processWithBackEdges(in.rows, produced, parents, errors, tracer, actions);
    if (!actions.empty()) {
      if (log_) {
        applyActions(in, tracer, actions, errors, dropOutputs);
      } else {
        for (const catalog::EmittedAction& a : actions) {
          dropOutputs[a.inputRow] = 1;
          if (in.rows.weights[a.inputRow] > 0)
            errors.add(a.inputRow, {},
                       "operator '" + name_ + "' emitted a back edge, but this run keeps no corrections");
        }
      }
    }
    // Rows rejected after they produced output (past max_rounds) lose that output.
    if (!actions.empty()) {
      size_t kept = 0;
      for (size_t i = 0; i < parents.size(); ++i) {
        if (dropOutputs[parents[i]]) continue;
        for (Column& c : produced.columns) {
          if (kept == i) continue;
          switch (c.type) {
            case Type::String:
              c.strings[kept] = c.strings[i];
              break;
            case Type::Int:
              c.ints[kept] = c.ints[i];
              break;
            case Type::Float:
              c.floats[kept] = c.floats[i];
              break;
            case Type::Bool:
              c.bools[kept] = c.bools[i];
              break;
          }
        }
        parents[kept++] = parents[i];
      }
      parents.resize(kept);
      for (Column& c : produced.columns) c.resize(kept);
    }
  } else {
    try {
      try {
        processor_->process(in.rows, produced, parents, errors);
      } catch (const catalog::OperatorFailure&) {
        throw;
      } catch (const std::exception&) {
        // Find the rows it throws on: run them one at a time, rejecting those.
        produced = Batch(produce_);
        parents.clear();
        errors.clear();
        processRowByRow(in.rows, produced, parents, errors);
      }
    } catch (const catalog::OperatorFailure& e) {
      std::string of = nodeName_.empty() ? "" : " of '" + nodeName_ + "'";
      return Status::unsupported("operator '" + name_ + "'" + of + " failed: " + e.what());
    }
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
    RowId id = parent.derivation() == 0
                   ? RowId::derive(parent, nodeId_, k)
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

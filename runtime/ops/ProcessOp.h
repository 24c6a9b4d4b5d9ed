// ProcessOp: a PROCESS node running a Processor. Output rows are the input's
// passthrough columns ++ the produced columns; the k-th row derived from an
// input row gets id derive(parent, node, k), order key parent ++ k and the
// parent's weight. A retracted input row is processed again and its outputs
// retracted (processors are deterministic functions of their row). A
// processor that throws is re-run row by row and the rows it throws on are
// rejected with its message.
//
// Operator-emitted back edges (docs/error-handling.md): when the operator's
// signature declares back edges and a CorrectionLog is attached, the operator
// may trace an inserted input row to its ancestor in a target rowset and ask
// to edit, append beside or delete that row. Each request becomes a
// PendingCorrection in the log (handler = this node), like a HANDLE's, which
// the engine applies between waves. Each inserted row is processed once, so
// it asks once; its retraction asks nothing. A row whose lineage was already
// corrected max_rounds times is rejected instead ("its lineage was corrected
// max_rounds (n) times", HandleOp's wording), together with its outputs.
#pragma once

#include <memory>
#include <unordered_set>
#include <vector>

#include "compiler/plan/Dataflow.h"
#include "runtime/catalog/OperatorCatalog.h"
#include "runtime/correction/CorrectionLog.h"
#include "runtime/ops/PhysicalOperator.h"

namespace popper::ops {

class ProcessOp : public PhysicalOperator {
 public:
  static Result<std::unique_ptr<ProcessOp>> create(const plan::PlanNode& node, const plan::Dataflow& flow,
                                                   const catalog::OperatorCatalog& catalog, bool withKeys);
  // Connects the operator's declared back edges to the run's corrections;
  // without it, a back-edge request rejects its input row (nothing to trace).
  void attachCorrections(correction::CorrectionLog* log, int64_t maxRounds);
  bool declaresBackEdges() const { return !edgeTargets_.empty(); }
  Status consume(int port, Delta&& in, OperatorContext& ctx) override;

 private:
  class Tracer;

  ProcessOp() = default;
  void processRowByRow(const Batch& in, Batch& produced, std::vector<uint32_t>& parents, RowErrors& errors);
  // Turns the emitted actions into pending corrections, or rejects their rows
  // (added to `errors`, flagged in `dropOutputs`) when their lineage is past
  // max_rounds; a retraction of a rejected row drops its outputs silently.
  void applyActions(const Delta& in, const Tracer& tracer, std::vector<catalog::EmittedAction>& actions,
                    RowErrors& errors, std::vector<uint8_t>& dropOutputs);

  std::unique_ptr<catalog::Processor> processor_;
  uint64_t nodeId_ = 0;
  SchemaPtr schema_, produce_;
  std::vector<int> passthrough_;
  bool lineage_ = false;
  bool withKeys_ = false;
  std::string name_;      // the operator's (Exec)
  std::string nodeName_;  // the rowset it makes ("" inside parentheses)
  // Per declared back edge: its action and target node (kNoNode: the target
  // argument was not given or names no node of the plan).
  std::vector<ast::ActionKind> edgeActions_;
  std::vector<plan::NodeId> edgeTargets_;
  std::vector<std::string> edgeTargetNames_;
  std::vector<SchemaPtr> edgeSchemas_;
  correction::CorrectionLog* log_ = nullptr;
  int64_t maxRounds_ = 8;
  // Input rows (id and content hash) rejected past max_rounds: their
  // retraction must not retract outputs that were never emitted.
  std::unordered_set<uint64_t> rejected_;
};

}  // namespace popper::ops

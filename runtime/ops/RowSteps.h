// RowSteps: a chain of WHERE filters and projections applied to a delta —
// what Filter, Project and the fused Pipeline nodes run. Filters only narrow a
// selection; a projection evaluates its expressions over the selected rows
// only and builds a dense batch, so a fused WHERE + SELECT copies each
// surviving value once. Rows whose expressions fail are rejected (and counted),
// rows a WHERE drops are counted as filtered. Weights, ids, lineage and order
// keys travel with their rows.
#pragma once

#include <memory>
#include <vector>

#include "compiler/plan/Dataflow.h"
#include "runtime/expr/ExprEvaluator.h"
#include "runtime/ops/PhysicalOperator.h"

namespace popper::ops {

class RowSteps {
 public:
  // Steps in order; each project step carries its output schema.
  explicit RowSteps(const std::vector<plan::PipelineStep>& steps,
                    const EvaluatorFactory& evaluators = interpreterFactory());
  Result<Delta> apply(Delta&& in, OperatorContext& ctx);

 private:
  struct Step {
    bool isFilter = true;
    std::unique_ptr<ExprEvaluator> predicate;
    std::vector<std::unique_ptr<ExprEvaluator>> exprs;  // nullptr where bare
    std::vector<int> bareColumn;                        // input column, or -1
    SchemaPtr schema;
    std::string name;  // the rowset the step came from ("" if none)
  };
  Status rejectErrors(const Batch& rows, const std::string& rowset, OperatorContext& ctx);
  std::vector<Step> steps_;
  RowErrors errors_;
  Selection selection_, narrowed_;
};

// One PipelineStep from a Filter or a Project node.
plan::PipelineStep filterStep(const BoundExpr& predicate, const Schema& schema);
plan::PipelineStep projectStep(const std::vector<BoundExpr>& exprs, const Schema& schema);

}  // namespace popper::ops

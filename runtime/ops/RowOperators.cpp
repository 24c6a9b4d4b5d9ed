// Filter, Project, Pipeline, Union (see RowOperators.h).
#include "runtime/ops/RowOperators.h"

#include "runtime/data/OrderKey.h"

namespace popper::ops {
namespace {

std::vector<plan::PipelineStep> stepsOf(const plan::PlanNode& node) {
  switch (node.kind()) {
    case plan::NodeKind::Filter:
      return {filterStep(node.as<plan::FilterNode>().predicate, node.schema)};
    case plan::NodeKind::Project:
      return {projectStep(node.as<plan::ProjectNode>().exprs, node.schema)};
    default:
      return node.as<plan::PipelineNode>().steps;
  }
}

}  // namespace

RowStepsOp::RowStepsOp(const plan::PlanNode& node, const plan::Dataflow&, const EvaluatorFactory& evaluators)
    : steps_(stepsOf(node), evaluators) {}

Status RowStepsOp::consume(int, Delta&& in, OperatorContext& ctx) {
  Result<Delta> out = steps_.apply(std::move(in), ctx);
  if (!out) return out.status();
  ctx.emit(std::move(out.value()));
  return Status::ok();
}

Status UnionOp::consume(int port, Delta&& in, OperatorContext& ctx) {
  if (withKeys_) {
    for (OrderKey& k : in.keys) {
      OrderKey tagged;
      tagged.reserve(k.size() + 2);
      appendPortKey(tagged, static_cast<uint16_t>(port));
      tagged += k;
      k.swap(tagged);
    }
  } else {
    in.keys.clear();
  }
  ctx.emit(std::move(in));
  return Status::ok();
}

}  // namespace popper::ops

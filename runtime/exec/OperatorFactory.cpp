// One operator per plan node kind (see OperatorFactory.h).
#include "runtime/exec/OperatorFactory.h"

#include <filesystem>

#include "common/StandardStreams.h"
#include "runtime/exec/RunOptions.h"
#include "runtime/ops/AggregateOp.h"
#include "runtime/ops/ExtractOp.h"
#include "runtime/ops/GroupedOps.h"
#include "runtime/ops/HandleOp.h"
#include "runtime/ops/JoinOp.h"
#include "runtime/ops/OutputOp.h"
#include "runtime/ops/ProcessOp.h"
#include "runtime/ops/RowOperators.h"

namespace popper::exec {
namespace {

template <typename T>
Result<std::unique_ptr<ops::PhysicalOperator>> upcast(Result<std::unique_ptr<T>> r) {
  if (!r) return r.status();
  return std::unique_ptr<ops::PhysicalOperator>(std::move(r.value()));
}

}  // namespace

Result<std::unique_ptr<ops::PhysicalOperator>> createOperator(
    const plan::PhysicalPlan& plan, const plan::PhysicalDecisions& analysis, plan::NodeId id,
    const RunOptions& options, const catalog::OperatorCatalog& catalog,
    correction::CorrectionLog* corrections, const ops::InputProgress* progress,
    const EvaluatorFactory& evaluators, FileTransaction* files) {
  const plan::Dataflow& flow = plan.dataflow;
  const plan::PlanNode& node = flow.node(id);
  auto i = static_cast<size_t>(id);
  const ops::InputProgress* waves = progress && analysis.affected[i] ? progress : nullptr;
  using plan::NodeKind;
  switch (node.kind()) {
    case NodeKind::Extract: {
      ops::ExtractSettings s;
      s.path = resolvePath(options.workflowDir, node.as<plan::ExtractNode>().path);
      // --verify reads its inputs twice: one that can be read once from its copy.
      if (auto copy = options.inputCopies.find(s.path); copy != options.inputCopies.end())
        s.path = copy->second;
      s.batchRows = options.batchSize;
      s.withKeys = analysis.needKeys[i];
      return upcast(ops::ExtractOp::open(node, catalog, s));
    }
    case NodeKind::Empty:
      return std::unique_ptr<ops::PhysicalOperator>(new ops::EmptyOp());
    case NodeKind::Filter:
    case NodeKind::Project:
    case NodeKind::Pipeline:
      return std::unique_ptr<ops::PhysicalOperator>(new ops::RowStepsOp(node, flow, evaluators));
    case NodeKind::Join: {
      ops::JoinOp::Settings s{options.batchSize, analysis.buildProbe[i], analysis.anchorJoin[i]};
      return std::unique_ptr<ops::PhysicalOperator>(new ops::JoinOp(node, flow, s, evaluators));
    }
    case NodeKind::Aggregate: {
      const plan::EdgeInfo* in = plan.aux.edgeInto(id, 0);
      bool insertOnly = in && !in->changes.deletes;
      return std::unique_ptr<ops::PhysicalOperator>(new ops::AggregateOp(
          node, analysis.blockingInput[i], options.batchSize, waves, insertOnly, evaluators));
    }
    case NodeKind::Union:
      return std::unique_ptr<ops::PhysicalOperator>(new ops::UnionOp(analysis.needKeys[i]));
    case NodeKind::Process: {
      auto op = ops::ProcessOp::create(node, flow, catalog, analysis.needKeys[i]);
      // An operator that declares back edges records its corrections in the run's log.
      if (op && corrections) op.value()->attachCorrections(corrections, options.maxRounds);
      return upcast(std::move(op));
    }
    case NodeKind::Reduce:
      return upcast(ops::ReduceOp::create(node, flow, catalog, analysis.blockingInput[i], waves, evaluators));
    case NodeKind::Combine: {
      const plan::EdgeInfo* right = plan.aux.edgeInto(id, 1);
      bool blocking = analysis.blockingInput[i] && (!right || right->blocking);
      return upcast(ops::CombineOp::create(node, flow, catalog, blocking, waves, evaluators));
    }
    case NodeKind::Handle: {
      if (!corrections) return Status::internal("HANDLE '" + node.name + "' needs the run's correction log");
      ops::HandleOp::Settings settings{options.maxRounds, plan.aux.gates[i], analysis.streamsCorrections,
                                       options.epochRows};
      settings.evaluators = evaluators;
      settings.anchored = analysis.anchoredGate[i];
      // Streaming: each gate injects under an id source of its own, as the
      // compiler assigned them (PhysicalDecisions::injectSourceOffset).
      settings.injectSource -= analysis.injectSourceOffset[i];
      return upcast(ops::HandleOp::create(node, flow, *corrections, settings, catalog));
    }
    case NodeKind::Output: {
      ops::OutputSettings s;
      s.evaluators = evaluators;
      s.path = resolvePath(options.outDir, node.as<plan::OutputNode>().path);
      s.files = files;
      if (const auto& evaluate = node.as<plan::OutputNode>().evaluate)
        s.groundTruthPath = resolvePath(options.workflowDir, evaluate->groundTruth);  // read like an input
      s.streaming = analysis.streaming[i];
      s.batchRows = options.batchSize;
      std::error_code ec;
      if (!isStandardStream(s.path))
        std::filesystem::create_directories(std::filesystem::path(s.path).parent_path(), ec);
      return upcast(ops::OutputOp::open(node, catalog, s));
    }
  }
  return Status::internal("unknown plan node kind");
}

}  // namespace popper::exec

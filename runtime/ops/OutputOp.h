// OutputOp: an OUTPUT node. Two modes, chosen by the engine from the plan:
//  - streaming: no retraction can reach the output (aux graph), no ORDER BY,
//    and rows arrive in canonical order (a chain of row-wise operators from
//    one extractor): rows are written to the temporary file as they come, so
//    memory stays bounded whatever the input size;
//  - materialized: every change is kept (a multiset by order key with
//    weights); at the end the live rows are sorted (ORDER BY, then canonical
//    order) and written. Changelog() writes every change, in canonical order.
//    An insert-only input that arrives in canonical order (a sorted output
//    over a filter chain) comes without order keys: arrival order breaks ties.
// Either way the file is staged in the run's FileTransaction, which makes it
// visible only when the whole run succeeded (finish() only writes it out).
// With EVALUATE AGAINST, every row written is also counted against the
// ground truth (GroundTruth.h), which open() reads.
#pragma once

#include <memory>
#include <optional>

#include "compiler/plan/Dataflow.h"
#include "runtime/catalog/OperatorCatalog.h"
#include "runtime/io/BatchWriter.h"
#include "runtime/ops/ExprColumns.h"
#include "runtime/ops/GroundTruth.h"
#include "runtime/ops/PhysicalOperator.h"

namespace popper::ops {

struct OutputSettings {
  std::string path;                  // resolved destination ("-": standard output)
  FileTransaction* files = nullptr;  // the run's files, where the output is staged (required)
  bool streaming = false;
  size_t batchRows = kBatchRows;
  std::string groundTruthPath;  // resolved EVALUATE AGAINST file; "" when the output is not evaluated
  EvaluatorFactory evaluators = interpreterFactory();  // makes the ORDER BY keys' evaluators
};

class OutputOp : public PhysicalOperator {
 public:
  // Creates the temporary file: an unwritable folder fails here.
  static Result<std::unique_ptr<OutputOp>> open(const plan::PlanNode& node,
                                                const catalog::OperatorCatalog& catalog,
                                                const OutputSettings& settings);

  Status consume(int port, Delta&& in, OperatorContext& ctx) override;
  Status finish(OperatorContext& ctx) override;
  void abort() override;

  uint64_t rowsWritten() const { return written_; }
  // The score against the ground truth, for an evaluated output.
  std::optional<EvaluationScore> evaluation() const;

 private:
  OutputOp() = default;
  Status writeMaterialized(OperatorContext& ctx);

  std::unique_ptr<BatchWriter> writer_;
  bool streaming_ = false;
  bool changelog_ = false;
  size_t batchRows_ = kBatchRows;
  SchemaPtr schema_;
  std::vector<BoundOrderKey> orderBy_;
  EvaluatorFactory evaluators_;
  // Materialized: every change received (deep copies), with its order key.
  Batch changes_;
  std::vector<OrderKey> keys_;
  uint64_t written_ = 0;
  std::optional<GroundTruth> truth_;
};

}  // namespace popper::ops

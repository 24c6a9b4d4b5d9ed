// ExtractOp: the source operator of an EXTRACT node. Drives a runtime/io
// reader one batch per produce() call, keeps only the columns the plan reads
// (ExtractNode::readColumns: the others are never parsed), rejects bad
// records, and gives each row its record position as order key when needed.
#pragma once

#include <memory>
#include <vector>

#include "compiler/plan/Dataflow.h"
#include "runtime/catalog/OperatorCatalog.h"
#include "runtime/io/BatchReader.h"
#include "runtime/ops/PhysicalOperator.h"

namespace popper::ops {

struct ExtractSettings {
  std::string path;  // resolved input path
  size_t batchRows = kBatchRows;
  bool withKeys = false;  // emit order keys
};

class ExtractOp : public PhysicalOperator {
 public:
  // Opens the input: a missing or unreadable file fails here, before the run starts.
  static Result<std::unique_ptr<ExtractOp>> open(const plan::PlanNode& node,
                                                 const catalog::OperatorCatalog& catalog,
                                                 const ExtractSettings& settings);

  bool isSource() const override { return true; }
  Result<bool> produce(OperatorContext& ctx) override;
  Status consume(int port, Delta&& in, OperatorContext& ctx) override;

 private:
  ExtractOp() = default;

  std::unique_ptr<BatchReader> reader_;
  SchemaPtr schema_;              // the node's schema (read columns only)
  std::vector<int> readColumns_;  // empty: the reader's columns are the node's
  bool withKeys_ = false;
  std::vector<ReadError> errors_;
};

}  // namespace popper::ops

// Helpers shared by the built-in model operators: reading their bound
// arguments, matching the PRODUCE columns a workflow asked for to the values
// an operator computes, and
// locating the sentiment model built from the data the project ships.
#pragma once

#include <string>
#include <vector>

#include "common/Status.h"
#include "compiler/sema/OperatorRegistry.h"
#include "runtime/catalog/OperatorApi.h"
#include "runtime/data/Batch.h"

namespace popper::models {

// The input column bound to argument `name`, or an error.
Result<int> columnArg(const catalog::OperatorSetup& setup, const std::string& name);
// The literal string / int bound to argument `name` (defaults filled in by sema).
std::string stringArg(const catalog::OperatorSetup& setup, const std::string& name);
int64_t intArg(const catalog::OperatorSetup& setup, const std::string& name, int64_t fallback);
// A file path argument: relative paths resolve against the workflow's folder
// (BoundOpCall::workflowDir), like EXTRACT's inputs; "" stays "".
std::string pathArg(const catalog::OperatorSetup& setup, const std::string& name);

// For each PRODUCE column, the index of the operator output it holds. PRODUCE
// is positional (the checker allows a prefix under any names, e.g.
// `PRODUCE lang:string` keeps LanguageId's first output); an error if a
// column's type does not match.
Result<std::vector<int>> produceSlots(const catalog::OperatorSetup& setup,
                                      const std::vector<std::pair<std::string, Type>>& outputs);

// Appends one row to `out`: output slot i of the operator has `strings[i]` (for
// string outputs) or `floats[i]` (for float outputs).
void appendOutputs(Batch& out, const std::vector<int>& slots, const std::vector<std::string>& strings,
                   const std::vector<double>& floats);

// The sentiment model trained at build time: $POPPER_SENTIMENT_MODEL or the
// build tree's models/sentiment.bin.
std::string sentimentModelPath();

// A model processor's signature: `args` plus `instances: n` (the pool size,
// default 1: see InstancePool.h). Model processors answer exactly once per
// input row, from that row alone (row-wise), unless `rowWise` is false.
OperatorSignature modelSignature(std::string name, std::vector<OperatorArgSpec> args,
                                 std::vector<ProducedColumn> produces, bool openProduce = false,
                                 bool rowWise = true);

}  // namespace popper::models

// Builds a model operator the way ProcessOp does (an OperatorSetup over a
// bound call) and runs one batch of strings through it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "runtime/catalog/OperatorApi.h"

namespace popper::models::test {

struct ModelRun {
  std::vector<std::vector<std::string>> rows;  // produced string/int/float/bool cells as text, per output row
  std::vector<uint32_t> parents;
  std::vector<RowError> errors;
};

class ModelHarness {
 public:
  // `input` holds string columns; `textColumn` is bound to argument "text"
  // (-1: none); literals are (name, value) pairs.
  ModelHarness(std::string op, std::vector<std::string> inputColumns, int textColumn,
               std::vector<std::pair<std::string, Literal>> literals,
               const std::vector<std::pair<std::string, Type>>& produce);

  // Binds argument `name` to input column `column` (e.g. Ocr's "image").
  void bindColumn(const std::string& name, int column);
  // The folder of the (imagined) workflow file the call was written in.
  void setWorkflowDir(const std::string& dir) { call_.workflowDir = dir; }

  Result<std::unique_ptr<catalog::Processor>> make() const;
  // One batch of rows (one string per input column each).
  ModelRun run(catalog::Processor& p, const std::vector<std::vector<std::string>>& rows) const;

 private:
  BoundOpCall call_;
  Schema input_;
  Schema produce_;
};

}  // namespace popper::models::test

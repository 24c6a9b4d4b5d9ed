// See ModelTestSupport.h.
#include "model_test_support.h"

#include "runtime/data/Value.h"
#include "runtime/data/ValueText.h"
#include "tests/support/TestCatalog.h"

namespace popper::models::test {

ModelHarness::ModelHarness(std::string op, std::vector<std::string> inputColumns, int textColumn,
                           std::vector<std::pair<std::string, Literal>> literals,
                           const std::vector<std::pair<std::string, Type>>& produce) {
  for (const auto& [name, type] : produce) {
    ColumnInfo c;
    c.name = name;
    c.type = type;
    produce_.push_back(std::move(c));
  }
  call_.op = std::move(op);
  for (const std::string& name : inputColumns) {
    ColumnInfo c;
    c.name = name;
    input_.push_back(std::move(c));
  }
  if (textColumn >= 0) {
    BoundArg text;
    text.name = "text";
    text.isColumn = true;
    text.column = textColumn;
    call_.args.push_back(text);
  }
  for (auto& literal : literals) {
    BoundArg& a = call_.args.emplace_back();
    a.name = literal.first;
    a.type = literal.second.type();
    a.value = std::move(literal.second);
  }
}

void ModelHarness::bindColumn(const std::string& name, int column) {
  BoundArg& a = call_.args.emplace_back();
  a.name = name;
  a.isColumn = true;
  a.column = column;
}

Result<std::unique_ptr<catalog::Processor>> ModelHarness::make() const {
  catalog::OperatorSetup setup;
  setup.call = &call_;
  setup.input = &input_;
  setup.produce = &produce_;
  return testing::testCatalog().makeProcessor(setup);
}

ModelRun ModelHarness::run(catalog::Processor& p, const std::vector<std::vector<std::string>>& rows) const {
  Batch in(std::make_shared<const Schema>(input_));
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < input_.size(); ++c) in.column(c).strings.push_back(in.arena().store(rows[r][c]));
    in.addRowMeta(RowId::make(r + 1, 1), kInsert);
  }
  Batch out(std::make_shared<const Schema>(produce_));
  ModelRun result;
  RowErrors errors;
  p.process(in, out, result.parents, errors);
  result.errors = errors.sortedByRow();
  for (size_t r = 0; r < result.parents.size(); ++r) {
    std::vector<std::string> cells;
    for (size_t c = 0; c < produce_.size(); ++c) {
      std::string text;
      appendValueText(text, cellAt(out.column(c), r));
      cells.push_back(std::move(text));
    }
    result.rows.push_back(std::move(cells));
  }
  return result;
}

}  // namespace popper::models::test

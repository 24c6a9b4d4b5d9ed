// Argument access and PRODUCE mapping for model operators (see ModelSupport.h).
#include "runtime/models/ModelSupport.h"

#include <cstdlib>
#include <filesystem>

namespace popper::models {

Result<int> columnArg(const catalog::OperatorSetup& setup, const std::string& name) {
  const BoundArg* a = setup.call->arg(name);
  if (!a || !a->isColumn)
    return Status::invalidArgument(setup.call->op + " needs a column for '" + name + "'");
  return a->column;
}

std::string stringArg(const catalog::OperatorSetup& setup, const std::string& name) {
  const BoundArg* a = setup.call->arg(name);
  if (!a || a->isColumn) return {};
  if (const auto* s = std::get_if<std::string>(&a->value.value)) return *s;
  return {};
}

int64_t intArg(const catalog::OperatorSetup& setup, const std::string& name, int64_t fallback) {
  const BoundArg* a = setup.call->arg(name);
  if (!a || a->isColumn) return fallback;
  if (const auto* i = std::get_if<int64_t>(&a->value.value)) return *i;
  return fallback;
}

std::string pathArg(const catalog::OperatorSetup& setup, const std::string& name) {
  std::string path = stringArg(setup, name);
  if (path.empty() || std::filesystem::path(path).is_absolute() || setup.call->workflowDir.empty())
    return path;
  return (std::filesystem::path(setup.call->workflowDir) / path).lexically_normal().string();
}

Result<std::vector<int>> produceSlots(const catalog::OperatorSetup& setup,
                                      const std::vector<std::pair<std::string, Type>>& outputs) {
  std::vector<int> slots;
  const Schema& produce = *setup.produce;
  for (size_t i = 0; i < produce.size(); ++i) {
    if (i >= outputs.size() || outputs[i].second != produce[i].type)
      return Status::invalidArgument(setup.call->op + " cannot produce " + typeName(produce[i].type) +
                                     " column '" + produce[i].name + "' as its output " +
                                     std::to_string(i + 1));
    slots.push_back(static_cast<int>(i));
  }
  return slots;
}

void appendOutputs(Batch& out, const std::vector<int>& slots, const std::vector<std::string>& strings,
                   const std::vector<double>& floats) {
  for (size_t c = 0; c < slots.size(); ++c) {
    Column& col = out.column(c);
    size_t slot = static_cast<size_t>(slots[c]);
    if (col.type == Type::String)
      col.strings.push_back(out.arena().store(strings[slot]));
    else
      col.floats.push_back(floats[slot]);
  }
}

std::string sentimentModelPath() {
  if (const char* path = std::getenv("POPPER_SENTIMENT_MODEL")) return path;
  return POPPER_SENTIMENT_MODEL_FILE;
}

OperatorSignature modelSignature(std::string name, std::vector<OperatorArgSpec> args,
                                 std::vector<ProducedColumn> produces, bool openProduce, bool rowWise) {
  args.push_back(literalArg("instances", Type::Int, Literal{int64_t{1}}));
  OperatorSignature s = makeSignature(std::move(name), OperatorKind::Processor, std::move(args),
                                      std::move(produces), openProduce);
  s.rowWise = rowWise;
  return s;
}

}  // namespace popper::models

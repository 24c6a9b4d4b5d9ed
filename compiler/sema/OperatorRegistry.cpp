// The operator registry and the helpers that build signatures.
#include "compiler/sema/OperatorRegistry.h"

namespace popper {

const char* operatorKindName(OperatorKind kind) {
  switch (kind) {
    case OperatorKind::Extractor:
      return "extractor";
    case OperatorKind::Processor:
      return "processor";
    case OperatorKind::Reducer:
      return "reducer";
    case OperatorKind::Combiner:
      return "combiner";
    case OperatorKind::Outputter:
      return "outputter";
  }
  return "operator";
}

const OperatorArgSpec* OperatorSignature::arg(const std::string& argName) const {
  for (const OperatorArgSpec& a : args)
    if (a.name == argName) return &a;
  return nullptr;
}

const OperatorSignature* OperatorRegistry::add(OperatorSignature signature) {
  auto key = std::make_pair(signature.name, signature.kind);
  auto& slot = signatures_[key];
  slot = std::make_unique<OperatorSignature>(std::move(signature));
  return slot.get();
}

const OperatorSignature* OperatorRegistry::find(const std::string& name, OperatorKind kind) const {
  auto it = signatures_.find({name, kind});
  return it == signatures_.end() ? nullptr : it->second.get();
}

std::vector<const OperatorSignature*> OperatorRegistry::findAnyKind(const std::string& name) const {
  std::vector<const OperatorSignature*> found;
  for (const auto& [key, signature] : signatures_)
    if (key.first == name) found.push_back(signature.get());
  return found;
}

std::vector<std::string> OperatorRegistry::names(OperatorKind kind) const {
  std::vector<std::string> out;
  for (const auto& [key, signature] : signatures_)
    if (key.second == kind) out.push_back(key.first);
  return out;
}

OperatorArgSpec literalArg(std::string name, Type type, std::optional<Literal> defaultValue) {
  OperatorArgSpec spec;
  spec.name = std::move(name);
  spec.type = type;
  spec.required = !defaultValue.has_value();
  spec.defaultValue = std::move(defaultValue);
  return spec;
}

OperatorArgSpec columnArg(std::string name, std::optional<Type> type, bool required) {
  OperatorArgSpec spec;
  spec.name = std::move(name);
  spec.type = type;
  spec.acceptsLiteral = false;
  spec.acceptsColumn = true;
  spec.required = required;
  return spec;
}

OperatorSignature makeSignature(std::string name, OperatorKind kind, std::vector<OperatorArgSpec> args,
                                std::vector<ProducedColumn> produces, bool openProduce) {
  OperatorSignature s;
  s.name = std::move(name);
  s.kind = kind;
  s.args = std::move(args);
  s.produces = std::move(produces);
  s.openProduce = openProduce;
  return s;
}

OperatorSignature rowWise(OperatorSignature s) {
  s.rowWise = true;
  return s;
}

}  // namespace popper

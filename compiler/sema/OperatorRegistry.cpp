// The operator registry and the built-in operators' signatures.
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

namespace {

OperatorArgSpec literalArg(std::string name, Type type, std::optional<Literal> defaultValue = std::nullopt) {
  OperatorArgSpec spec;
  spec.name = std::move(name);
  spec.type = type;
  spec.required = !defaultValue.has_value();
  spec.defaultValue = std::move(defaultValue);
  return spec;
}

OperatorArgSpec columnArg(std::string name, std::optional<Type> type, bool required = true) {
  OperatorArgSpec spec;
  spec.name = std::move(name);
  spec.type = type;
  spec.acceptsLiteral = false;
  spec.acceptsColumn = true;
  spec.required = required;
  return spec;
}

OperatorSignature make(std::string name, OperatorKind kind, std::vector<OperatorArgSpec> args,
                       std::vector<ProducedColumn> produces, bool openProduce = false) {
  OperatorSignature s;
  s.name = std::move(name);
  s.kind = kind;
  s.args = std::move(args);
  s.produces = std::move(produces);
  s.openProduce = openProduce;
  return s;
}

Literal str(std::string s) { return Literal{std::move(s)}; }
Literal integer(int64_t v) { return Literal{v}; }
Literal boolean(bool v) { return Literal{v}; }

// Model processors answer exactly once per input row, from that row alone.
OperatorSignature rowWise(OperatorSignature s) {
  s.rowWise = true;
  return s;
}

// Model processors may run several instances, each loading its model once
// (runtime/models/InstancePool.h); outputs do not depend on their number.
OperatorArgSpec instancesArg() { return literalArg("instances", Type::Int, integer(1)); }

}  // namespace

void registerBuiltinOperators(OperatorRegistry& r) {
  using K = OperatorKind;
  using T = Type;
  auto csvArgs = [] {
    return std::vector<OperatorArgSpec>{literalArg("header", T::Bool, boolean(false)),
                                        literalArg("delimiter", T::String, str(","))};
  };

  // Extractors. Lines yields one string per line; EXTRACT may declare more
  // columns after it, which take their defaults.
  r.add(make("Lines", K::Extractor, {}, {{"line", T::String}}));
  r.add(make("Csv", K::Extractor, csvArgs(), {}, /*openProduce=*/true));
  r.add(make("Jsonl", K::Extractor, {}, {}, true));

  // Outputters write whatever columns they are given.
  r.add(make("Csv", K::Outputter, csvArgs(), {}, true));
  r.add(make("Jsonl", K::Outputter, {}, {}, true));
  r.add(make("Lines", K::Outputter, {}, {}, true));
  r.add(make("Changelog", K::Outputter, {}, {}, true));

  // Model processors.
  r.add(rowWise(make("LanguageId", K::Processor,
                     {columnArg("text", T::String), literalArg("languages", T::String, str(""))},
                     {{"lang", T::String}, {"score", T::Float}})));
  r.add(rowWise(make("Translate", K::Processor, {columnArg("text", T::String), literalArg("pair", T::String)},
                     {{"translation", T::String}})));
  r.add(rowWise(make("Classify", K::Processor, {literalArg("model", T::String), columnArg("text", T::String)},
                     {{"label", T::String}, {"score", T::Float}})));
  r.add(rowWise(make("Sentiment", K::Processor, {columnArg("text", T::String)},
                     {{"sentiment", T::String}, {"confidence", T::Float}})));
  r.add(make("Exec", K::Processor,
             {literalArg("cmd", T::String), literalArg("workers", T::Int, integer(1)),
              literalArg("timeout_ms", T::Int, integer(10000))},
             {}, true));
  // Ocr reads a "LABEL: value" document image; each PRODUCE column is the value
  // of the line labelled with its name. `image` defaults to the input column
  // named "image"; `folder` (against the workflow's folder) holds relative paths.
  r.add(rowWise(make("Ocr", K::Processor,
                     {columnArg("image", T::String, false), literalArg("engine", T::String, str("tesseract")),
                      literalArg("folder", T::String, str("."))},
                     {}, true)));
  for (const char* model : {"LanguageId", "Translate", "Classify", "Sentiment", "Exec", "Ocr"}) {
    OperatorSignature s = *r.find(model, K::Processor);
    s.args.push_back(instancesArg());
    r.add(std::move(s));
  }

  // Test operators: Tokenize yields 0..n rows per input; Identity copies rows.
  r.add(make("Tokenize", K::Processor, {columnArg("text", T::String)}, {{"token", T::String}}));
  r.add(rowWise(make("Identity", K::Processor, {}, {})));
  // NoisyTranslate: a translator with seeded synthetic errors (runtime/ops/BuiltinOperators.cpp).
  r.add(rowWise(make("NoisyTranslate", K::Processor,
                     {columnArg("text", T::String), literalArg("pair", T::String),
                      literalArg("error_rate", T::Float, Literal{0.1}), literalArg("seed", T::Int, integer(0))},
                     {{"translation", T::String}})));

  // Reducers and combiners.
  r.add(make("TopK", K::Reducer, {literalArg("k", T::Int), columnArg("by", std::nullopt, false)}, {}, true));
  r.add(make("First", K::Reducer, {}, {}, true));
  r.add(make("Matcher", K::Combiner, {}, {}, true));
}

OperatorRegistry& defaultOperatorRegistry() {
  static OperatorRegistry* registry = [] {
    auto* r = new OperatorRegistry();
    registerBuiltinOperators(*r);
    return r;
  }();
  return *registry;
}

}  // namespace popper

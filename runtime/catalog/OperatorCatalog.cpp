// Registering and making operators (see OperatorCatalog.h).
#include "runtime/catalog/OperatorCatalog.h"

#include <cassert>

namespace popper::catalog {
namespace {

template <typename Map, typename Factory>
void put(OperatorRegistry& signatures, Map& map, OperatorSignature signature, OperatorKind kind,
         Factory factory) {
  assert(signature.kind == kind);
  (void)kind;
  std::string name = signature.name;
  signatures.add(std::move(signature));
  map[name] = std::move(factory);
}

template <typename Map>
auto make(const Map& map, const OperatorSetup& setup) -> decltype(map.begin()->second(setup)) {
  auto it = map.find(setup.call->op);
  if (it == map.end())
    return Status::unsupported("operator '" + setup.call->op + "' is not available in this build");
  return it->second(setup);
}

}  // namespace

void OperatorCatalog::addExtractor(OperatorSignature signature, ExtractorFactory factory) {
  put(signatures_, extractors_, std::move(signature), OperatorKind::Extractor, std::move(factory));
}
void OperatorCatalog::addOutputter(OperatorSignature signature, OutputterFactory factory) {
  put(signatures_, outputters_, std::move(signature), OperatorKind::Outputter, std::move(factory));
}
void OperatorCatalog::addProcessor(OperatorSignature signature, ProcessorFactory factory) {
  put(signatures_, processors_, std::move(signature), OperatorKind::Processor, std::move(factory));
}
void OperatorCatalog::addReducer(OperatorSignature signature, ReducerFactory factory) {
  put(signatures_, reducers_, std::move(signature), OperatorKind::Reducer, std::move(factory));
}
void OperatorCatalog::addCombiner(OperatorSignature signature, CombinerFactory factory) {
  put(signatures_, combiners_, std::move(signature), OperatorKind::Combiner, std::move(factory));
}

Result<std::unique_ptr<BatchReader>> OperatorCatalog::openExtractor(const BoundOpCall& call,
                                                                    const ReaderOptions& options) const {
  auto it = extractors_.find(call.op);
  if (it == extractors_.end()) return Status::unsupported("unknown extractor '" + call.op + "'");
  return it->second(call, options);
}

Result<std::unique_ptr<BatchWriter>> OperatorCatalog::openOutputter(const BoundOpCall& call,
                                                                    const WriterOptions& options) const {
  auto it = outputters_.find(call.op);
  if (it == outputters_.end()) return Status::unsupported("unknown outputter '" + call.op + "'");
  return it->second(call, options);
}

Result<std::unique_ptr<Processor>> OperatorCatalog::makeProcessor(const OperatorSetup& s) const {
  return make(processors_, s);
}
Result<std::unique_ptr<Reducer>> OperatorCatalog::makeReducer(const OperatorSetup& s) const {
  return make(reducers_, s);
}
Result<std::unique_ptr<Combiner>> OperatorCatalog::makeCombiner(const OperatorSetup& s) const {
  return make(combiners_, s);
}

Result<std::vector<int>> produceColumnsByName(const std::string& op, const Schema& produce,
                                              const Schema& input) {
  std::vector<int> out;
  for (const ColumnInfo& c : produce) {
    int i = findColumn(input, c.name);
    if (i < 0 || input[static_cast<size_t>(i)].type != c.type)
      return Status::invalidArgument(op + " cannot produce column '" + c.name + "': its input has no " +
                                     typeName(c.type) + " column of that name");
    out.push_back(i);
  }
  return out;
}

}  // namespace popper::catalog

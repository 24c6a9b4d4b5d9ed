// Looking operators up by name (see OperatorApi.h).
#include "runtime/ops/OperatorApi.h"

#include "runtime/models/ModelOperators.h"

namespace popper::ops {
namespace {

Status unavailable(const OperatorSetup& setup) {
  return Status::unsupported("operator '" + setup.call->op + "' is not available in this build");
}

template <typename Map>
auto make(const Map& map, const OperatorSetup& setup) -> decltype(map.begin()->second(setup)) {
  auto it = map.find(setup.call->op);
  if (it == map.end()) return unavailable(setup);
  return it->second(setup);
}

}  // namespace

Result<std::unique_ptr<Processor>> OperatorLibrary::makeProcessor(const OperatorSetup& s) const { return make(processors_, s); }
Result<std::unique_ptr<Reducer>> OperatorLibrary::makeReducer(const OperatorSetup& s) const { return make(reducers_, s); }
Result<std::unique_ptr<Combiner>> OperatorLibrary::makeCombiner(const OperatorSetup& s) const { return make(combiners_, s); }

OperatorLibrary& defaultOperatorLibrary() {
  static OperatorLibrary* library = [] {
    auto* l = new OperatorLibrary();
    registerBuiltinRuntimeOperators(*l);
    models::registerModelOperators(*l);
    return l;
  }();
  return *library;
}

Result<std::vector<int>> produceColumnsByName(const std::string& op, const Schema& produce, const Schema& input) {
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

}  // namespace popper::ops

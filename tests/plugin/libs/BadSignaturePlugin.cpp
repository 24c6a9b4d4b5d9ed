// A test plugin whose processor declares a back edge through a column
// argument (targets are rowset names, so they must be string values).
#include <popper/plugin.h>

namespace {
class Nothing : public popper::Processor {
 public:
  void process(const popper::Row&, popper::Output&, popper::ProcessContext&) override {}
};
}  // namespace

POPPER_PLUGIN(registry) {
  registry.processor("Broken", [](const popper::Args&) -> popper::Processor* { return new Nothing(); })
      .column("target", popper::ColumnType::String)
      .producesAny()
      .backEdge(popper::BackEdgeAction::Delete, "target");
}

// A test plugin registering an extractor named like a built-in one (Csv):
// IMPORT must refuse it and register none of its operators.
#include <popper/plugin.h>

namespace {
class Nothing : public popper::Extractor {
 public:
  void open(const std::string&) override {}
  bool next(popper::Output&) override { return false; }
};
}  // namespace

POPPER_PLUGIN(registry) {
  registry.extractor("Csv", [](const popper::Args&) -> popper::Extractor* { return new Nothing(); })
      .producesAny();
}

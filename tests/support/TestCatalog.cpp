// The tests' operator catalog (see TestCatalog.h).
#include "tests/support/TestCatalog.h"

#include "compiler/driver/StandardCatalog.h"

namespace popper::testing {

catalog::OperatorCatalog& testCatalog() {
  static catalog::OperatorCatalog* catalog = driver::makeStandardCatalog().release();
  return *catalog;
}

AnalyzeOptions testAnalyzeOptions() {
  AnalyzeOptions options;
  options.registry = &testCatalog().signatures();
  return options;
}

engine::EngineHooks testHooks() {
  engine::EngineHooks hooks;
  hooks.catalog = &testCatalog();
  return hooks;
}

}  // namespace popper::testing

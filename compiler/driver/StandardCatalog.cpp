// The operators of this build (see StandardCatalog.h).
#include "compiler/driver/StandardCatalog.h"

#include "runtime/models/ModelOperators.h"
#include "runtime/ops/BuiltinOperators.h"

namespace popper::driver {

std::unique_ptr<catalog::OperatorCatalog> makeStandardCatalog() {
  auto catalog = std::make_unique<catalog::OperatorCatalog>();
  ops::registerBuiltinOperators(*catalog);
  models::registerModelOperators(*catalog);
  return catalog;
}

}  // namespace popper::driver

// The operators of this build: the built-ins (runtime/ops/BuiltinOperators.h)
// and the models (runtime/models/ModelOperators.h). A workflow's IMPORTs add
// theirs to the catalog it gets (LoadWorkflow.h).
#pragma once

#include <memory>

#include "runtime/catalog/OperatorCatalog.h"

namespace popper::driver {

std::unique_ptr<catalog::OperatorCatalog> makeStandardCatalog();

}  // namespace popper::driver

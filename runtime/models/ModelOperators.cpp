// Registers every built-in model operator (see ModelOperators.h).
#include "runtime/models/ModelOperators.h"

namespace popper::models {

void registerModelOperators(catalog::OperatorCatalog& catalog) {
  registerLanguageId(catalog);
  registerTranslate(catalog);
  registerClassify(catalog);
  registerExec(catalog);
  registerOcr(catalog);
}

}  // namespace popper::models

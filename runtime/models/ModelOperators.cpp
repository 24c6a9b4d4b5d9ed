// Registers every built-in model operator (see ModelOperators.h).
#include "runtime/models/ModelOperators.h"

namespace popper::models {

void registerModelOperators(ops::OperatorLibrary& library) {
  registerLanguageId(library);
  registerTranslate(library);
  registerClassify(library);
  registerExec(library);
  registerOcr(library);
}

}  // namespace popper::models

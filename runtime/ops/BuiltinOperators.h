// The operators every build has: the IO formats (extractors Lines, Csv,
// Jsonl; outputters Csv, Jsonl, Lines, Changelog) and the test operators
// Tokenize, Identity, NoisyTranslate (processors), TopK, First (reducers) and
// Matcher (combiner). The models register themselves in runtime/models.
#pragma once

#include "runtime/catalog/OperatorCatalog.h"

namespace popper::ops {

void registerBuiltinOperators(catalog::OperatorCatalog& catalog);

}  // namespace popper::ops

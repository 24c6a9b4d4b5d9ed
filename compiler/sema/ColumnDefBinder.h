// Column definitions (`name: type [= default]`) of EXTRACT and PRODUCE:
// types resolved, duplicates and defaults checked, and the list matched
// positionally against what the operator's signature says it produces.
#pragma once

#include <string>
#include <vector>

#include "compiler/sema/SemaContext.h"

namespace popper::sema {

enum class ColumnDefSite { Extract, Produce };

// The schema the definitions declare. Columns whose type name is unknown are
// added to `poisoned` (their placeholder type is string).
Schema bindColumnDefs(SemaContext& ctx, const std::vector<ast::ColumnDef>& defs, ColumnDefSite site,
                      std::set<std::string>& poisoned);

// PRODUCE (or EXTRACT's list) names the operator's outputs in order: it may take
// a prefix, and the types must match positionally. EXTRACT may declare columns
// beyond the extractor's outputs if they have defaults.
void checkProducedColumns(SemaContext& ctx, const std::vector<ast::ColumnDef>& defs, const Schema& declared,
                          const std::set<std::string>& poisoned, const OperatorSignature& signature,
                          ColumnDefSite site);

}  // namespace popper::sema

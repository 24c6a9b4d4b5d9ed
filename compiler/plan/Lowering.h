// Lowers a checked workflow (BoundProgram) to the logical reactive dataflow.
// A SELECT becomes Join? -> Filter(ON residual)? -> Filter(WHERE)? ->
// Aggregate? -> Filter(HAVING)? -> Project (left out when it would be the
// identity); every other relation becomes one node; each OUTPUT an Output
// node keeping its ORDER BY; handler targets and operator-declared back edges
// become back edges. BoundSelect's expressions already read the joined row and
// the grouped row (keys ++ aggregates), which is exactly the schema of the Join
// and Aggregate nodes, so no re-indexing is needed.
#pragma once

#include "compiler/plan/Dataflow.h"
#include "compiler/sema/BoundProgram.h"

namespace popper::plan {

Dataflow lowerProgram(const BoundProgram& program);

}  // namespace popper::plan

// The optimizer passes (docs/design.md, "Stage by stage"), each in its own file, each
// reporting what it changed. The PassManager runs them in this order.
#pragma once

#include "compiler/opt/PassManager.h"

namespace popper::opt {

// fold: constant folding; WHERE true drops the filter, WHERE false cuts the
// branch (an Empty node), and emptiness propagates through row-wise consumers.
void foldPass(plan::Dataflow& flow, ChangeLog& log);
// dead: removes nodes that reach no Output, Handle or back-edge target.
void deadPass(plan::Dataflow& flow, ChangeLog& log);
// pushdown: moves filters below row-wise PROCESS, UNION, JOIN sides and renaming projections.
void pushdownPass(plan::Dataflow& flow, ChangeLog& log);
// prune: drops columns nobody reads, down to the extractors' read lists.
void prunePass(plan::Dataflow& flow, ChangeLog& log);
// meld: fuses chains of Filter/Project into one Pipeline node.
void meldPass(plan::Dataflow& flow, ChangeLog& log);
// gc: keeps lineage only between back-edge targets and the handlers tracing to them.
void gcPass(plan::Dataflow& flow, ChangeLog& log);

}  // namespace popper::opt

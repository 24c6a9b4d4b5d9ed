// OutputReplay: how `--verify` checks what an OUTPUT wrote without reading
// the run's (still uncommitted, buffered) temporary file. A fresh OutputOp
// writing a scratch file (in $TMPDIR) is fed the exact change stream the
// run's output received (its input's recorded emissions, in order) — which
// reproduces the bytes the run wrote, since an output depends only on that
// stream — and another is fed only the input's final live rows, once, in
// canonical order. The two files must be equal: the output wrote exactly its
// input's live rows. A scratch file a killed run leaves is named like a
// temporary file, so the next run staging in $TMPDIR removes it.
#pragma once

#include <cstdint>
#include <string>

#include "compiler/plan/PhysicalDecisions.h"
#include "compiler/plan/PhysicalPlan.h"
#include "runtime/catalog/OperatorCatalog.h"
#include "runtime/exec/RunOptions.h"
#include "runtime/verify/LiveRows.h"

namespace popper::verify {

struct WrittenOutput {
  std::string bytes;
  uint64_t rows = 0;  // OutputOp::rowsWritten
};

// Writes `node`'s output (in its plan mode: streaming or materialized) from
// the recorded changes of its input.
Result<WrittenOutput> replayOutput(const plan::PhysicalPlan& plan, const plan::PhysicalDecisions& analysis,
                                   plan::NodeId node, const exec::RunOptions& options,
                                   const catalog::OperatorCatalog& catalog, const ChangeRecord& input);
// Writes `node`'s output from its input's live rows (each live copy once, +1).
Result<WrittenOutput> writeLiveOutput(const plan::PhysicalPlan& plan, const plan::PhysicalDecisions& analysis,
                                      plan::NodeId node, const exec::RunOptions& options,
                                      const catalog::OperatorCatalog& catalog, const LiveRows& input);

}  // namespace popper::verify

// The corrections file (docs/error-handling.md, "The corrections file"):
// every correction the run applied, one JSON object per line, sorted so the
// file is the same whatever the thread count, staged in the run's
// FileTransaction (committed with the outputs and the rejects file).
#pragma once

#include <string>

#include "common/Status.h"
#include "compiler/plan/PhysicalPlan.h"
#include "runtime/correction/CorrectionRecords.h"
#include "runtime/io/FileTransaction.h"

namespace popper::engine {

// Stages `records` in a file at `path` (nothing when there are none).
Status stageCorrections(const correction::CorrectionRecords& records, const plan::PhysicalPlan& plan,
                        FileTransaction& files, const std::string& path);

}  // namespace popper::engine

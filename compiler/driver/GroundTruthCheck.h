// Checking the ground-truth files of EVALUATE AGAINST clauses: a header that
// does not fit the compared columns is a located error at the clause in
// check, plan and run alike (when the file exists); a missing or unreadable
// file is one for `popper run`, before anything runs, instead of a failure
// mid-run.
#pragma once

#include <string>

#include "compiler/diag/Diagnostic.h"
#include "compiler/sema/BoundProgram.h"

namespace popper::driver {

// `workflowDir`: where relative ground-truth paths resolve. With
// `requireFiles` false a missing file is not reported (it may be written
// before the run); its header is checked when it is there.
void checkGroundTruthFiles(const BoundProgram& program, const std::string& workflowDir, bool requireFiles,
                           DiagnosticEngine& diags);

// The folder relative paths in `workflowFile` resolve against.
std::string workflowFolder(const std::string& workflowFile);

}  // namespace popper::driver

// Ground-truth files checked up front (see GroundTruthCheck.h).
#include "compiler/driver/GroundTruthCheck.h"

#include <filesystem>

#include "runtime/exec/RunOptions.h"
#include "runtime/ops/GroundTruth.h"

namespace popper::driver {

void checkGroundTruthFiles(const BoundProgram& program, const std::string& workflowDir, bool requireFiles,
                           DiagnosticEngine& diags) {
  for (const BoundOutput& out : program.outputs) {
    if (!out.evaluate) continue;
    const BoundEvaluation& eval = *out.evaluate;
    std::string path = exec::resolvePath(workflowDir, eval.groundTruth);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      if (requireFiles)
        diags.error(eval.pathRange, "ground truth '" + eval.groundTruth + "' not found" +
                                        (path == eval.groundTruth ? "" : " (looked for " + path + ")"));
      continue;
    }
    auto header = ops::readCsvHeader(path);
    if (!header) {
      diags.error(eval.pathRange, header.status().message());
      continue;
    }
    if (auto problem = ops::groundTruthHeaderProblem(*header, eval, eval.groundTruth)) {
      // An ON column the file lacks is shown at the column; anything else at the path.
      bool atColumn = problem->missingColumn >= 0 &&
                      static_cast<size_t>(problem->missingColumn) < eval.columnRanges.size();
      diags.error(atColumn ? eval.columnRanges[static_cast<size_t>(problem->missingColumn)] : eval.pathRange,
                  problem->message);
    }
  }
}

std::string workflowFolder(const std::string& workflowFile) {
  std::filesystem::path folder = std::filesystem::path(workflowFile).parent_path();
  return folder.empty() ? "." : folder.string();
}

}  // namespace popper::driver

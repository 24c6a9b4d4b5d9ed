// Semantic analysis of a parsed workflow: names, schemas, types, operator
// signatures and handler back edges, all errors reported in one run. The
// result is the BoundProgram contract (BoundProgram.h) that the planner lowers.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "compiler/ast/Ast.h"
#include "compiler/diag/Diagnostic.h"
#include "compiler/sema/BoundProgram.h"
#include "compiler/sema/OperatorRegistry.h"

namespace popper {

struct AnalyzeOptions {
  // PARAM values from -p name=value and popper.yaml (already merged, -p winning).
  std::map<std::string, std::string> paramOverrides;
  // Where each override came from, as messages say it: "with -p",
  // "in popper.yaml". Optional: a missing entry names no origin.
  std::map<std::string, std::string> paramOrigins;
  // Where operators are looked up (required): the signatures of the
  // OperatorCatalog the workflow will run with (runtime/catalog).
  const OperatorRegistry* registry = nullptr;
  // An IMPORT failed (reported already): an unknown operator may be one it
  // would have defined, and its error says so.
  bool importFailed = false;
};

// Returns nullopt iff errors were reported (warnings, e.g. unused rowsets, allowed).
std::optional<BoundProgram> analyze(const ast::Workflow& workflow, const SourceFile& file,
                                    const AnalyzeOptions& options, DiagnosticEngine& diags);

}  // namespace popper

// The compiler driver: loading a workflow for any front end (the CLI's
// check, plan and run, tests, a server): read the .scope file and
// popper.yaml, merge parameter values (popper.yaml < -p), build the operator
// catalog (built-ins, models, IMPORTed plugins), parse and analyze, and check
// the ground-truth headers that exist. Every front end starts here, so all
// agree on every diagnostic.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ast/Ast.h"
#include "compiler/diag/Diagnostic.h"
#include "compiler/sema/BoundProgram.h"
#include "runtime/catalog/OperatorCatalog.h"

namespace popper::driver {

struct LoadedWorkflow {
  // Set when the workflow could not even be checked (missing file, broken
  // popper.yaml, -p naming no PARAM): a usage error, exit code 2.
  std::string usageError;

  std::unique_ptr<SourceFile> source;       // kept alive: ranges in diags and AST point into it
  std::unique_ptr<DiagnosticEngine> diags;  // syntax and semantic diagnostics
  ast::Workflow ast;
  // The operators the workflow was checked against and runs with: the
  // built-ins, the models and its IMPORTs (set once the file was read).
  std::unique_ptr<catalog::OperatorCatalog> catalog;
  std::optional<BoundProgram> program;  // set iff there were no errors
  // popper.yaml `options:` overlaid with the workflow's SET options (SET wins);
  // command-line flags are applied on top by the subcommand.
  std::map<std::string, Literal> options;

  bool ok() const { return usageError.empty() && program.has_value(); }
};

// `configPath` "" means ./popper.yaml if it exists. `params` are the -p values.
LoadedWorkflow loadWorkflow(const std::string& path, const std::map<std::string, std::string>& params,
                            const std::string& configPath);

// The same for a workflow whose text is given (an editor's unsaved buffer):
// `path` is where it lives, for its IMPORTs, ground truth and diagnostics.
LoadedWorkflow loadWorkflowText(const std::string& path, std::string text,
                                const std::map<std::string, std::string>& params,
                                const std::string& configPath);

// Splits "name=value" (-p); nullopt when there is no '=' or no name.
std::optional<std::pair<std::string, std::string>> splitParamAssignment(const std::string& text);

}  // namespace popper::driver

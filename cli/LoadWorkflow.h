// Loading a workflow for any subcommand: read the .scope file and popper.yaml,
// merge parameter values (popper.yaml < -p), parse and analyze. check, plan
// and run all start here, so they agree on every diagnostic.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ast/Ast.h"
#include "compiler/diag/Diagnostic.h"
#include "compiler/sema/BoundProgram.h"

namespace popper::cli {

struct LoadedWorkflow {
  // Set when the workflow could not even be checked (missing file, broken
  // popper.yaml, -p naming no PARAM): a usage error, exit code 2.
  std::string usageError;

  std::unique_ptr<SourceFile> source;       // kept alive: ranges in diags and AST point into it
  std::unique_ptr<DiagnosticEngine> diags;  // syntax and semantic diagnostics
  ast::Workflow ast;
  std::optional<BoundProgram> program;  // set iff there were no errors
  // popper.yaml `options:` overlaid with the workflow's SET options (SET wins);
  // command-line flags are applied on top by the subcommand.
  std::map<std::string, Literal> options;

  bool ok() const { return usageError.empty() && program.has_value(); }
};

// `configPath` "" means ./popper.yaml if it exists. `params` are the -p values.
LoadedWorkflow loadWorkflow(const std::string& path, const std::map<std::string, std::string>& params,
                            const std::string& configPath);

enum class DiagnosticFormat { Text, Json };

// The common start of check, plan and run: turns the -p list into values,
// loads the workflow and prints its diagnostics (text on stderr, or JSON on
// stdout). Returns the exit code to stop with (usage or workflow error), or
// nullopt when `loaded` holds a checked program.
std::optional<int> loadAndReport(const std::string& path, const std::vector<std::string>& paramArgs,
                                 const std::string& configPath, DiagnosticFormat format, LoadedWorkflow& loaded);

// Splits "name=value" (-p); nullopt when there is no '=' or no name.
std::optional<std::pair<std::string, std::string>> splitParamAssignment(const std::string& text);

}  // namespace popper::cli

// Loading C++ plugins (`IMPORT "lib.so";`, include/popper/plugin.h): dlopen
// the library, check its API version, call its popper_register and add its
// operators, each signature with its factory, to an OperatorCatalog (so
// `popper check` checks calls like a built-in's and the run makes them like
// one). A library is loaded once per process (keyed by its canonical path)
// and never unloaded: the operators' code lives in it; its operators are
// added to each catalog that imports it.
#pragma once

#include <memory>
#include <string>

#include "common/Status.h"
#include "compiler/ast/Ast.h"
#include "compiler/diag/Diagnostic.h"
#include "runtime/catalog/OperatorCatalog.h"

namespace popper::pluginhost {

// Loads every IMPORT of `workflow`, resolving relative paths against the
// workflow file's folder; a missing file, a missing entry point, a version
// mismatch, a bad signature or a duplicate operator name is an error at the
// IMPORT's path.
// Returns how many IMPORTs failed.
size_t loadImports(const ast::Workflow& workflow, const SourceFile& file, DiagnosticEngine& diags,
                   catalog::OperatorCatalog& catalog);

// Loads one library (path as given); the error message names the problem.
Status loadPlugin(const std::string& path, catalog::OperatorCatalog& catalog);

}  // namespace popper::pluginhost

// A workflow's IMPORTs: each plugin library is loaded (runtime/plugin) and its
// operators added to the workflow's catalog before any operator call is
// checked, so plugin operators are checked and run like built-ins.
#pragma once

#include <cstddef>

#include "compiler/ast/Ast.h"
#include "compiler/diag/Diagnostic.h"
#include "runtime/catalog/OperatorCatalog.h"

namespace popper::driver {

// Loads every IMPORT of `workflow`, resolving relative paths against the
// workflow file's folder; a missing file, a missing entry point, a version
// mismatch, a bad signature or a duplicate operator name is an error at the
// IMPORT's path. Returns how many IMPORTs failed.
size_t loadImports(const ast::Workflow& workflow, const SourceFile& file, DiagnosticEngine& diags,
                   catalog::OperatorCatalog& catalog);

}  // namespace popper::driver

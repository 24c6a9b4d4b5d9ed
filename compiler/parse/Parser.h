// The parser's entry point: workflow source text in, plain AST out. This is the
// only interface other stages see; ANTLR stays behind it.
#pragma once

#include "common/SourceFile.h"
#include "compiler/ast/Ast.h"
#include "compiler/diag/Diagnostic.h"

namespace popper {

// Parses a whole workflow. Syntax errors (at most one per statement) go to
// `diags`; the result holds every statement that parsed, so later stages can
// still check them. Never throws on bad input.
ast::Workflow parseWorkflow(const SourceFile& file, DiagnosticEngine& diags);

}  // namespace popper

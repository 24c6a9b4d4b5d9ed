// Loading C++ plugins (`IMPORT "lib.so";`, include/popper/plugin.h): dlopen
// the library, check its API version, call its popper_register and add its
// operators to the process-wide registries: signatures to
// defaultOperatorRegistry() (so `popper check` checks calls like a
// built-in's), processors, reducers and combiners to defaultOperatorLibrary(),
// extractors and outputters to a table that runtime/io consults for names it
// does not know. A library is loaded once per process (keyed by its canonical
// path) and never unloaded: the operators' code lives in it.
#pragma once

#include <memory>
#include <string>

#include "compiler/ast/Ast.h"
#include "compiler/diag/Diagnostic.h"
#include "compiler/diag/Status.h"
#include "runtime/io/BatchReader.h"
#include "runtime/io/BatchWriter.h"

namespace popper::pluginhost {

// Loads every IMPORT of `workflow`, resolving relative paths against the
// workflow file's folder; a missing file, a missing entry point, a version
// mismatch, a bad signature or a duplicate operator name is an error at the
// IMPORT's path.
// Returns how many IMPORTs failed.
size_t loadImports(const ast::Workflow& workflow, const SourceFile& file, DiagnosticEngine& diags);

// Loads one library (path as given); the error message names the problem.
Status loadPlugin(const std::string& path);

// A plugin extractor / outputter by the call's name; "unknown extractor 'X'"
// (Unsupported) when no plugin registered one.
Result<std::unique_ptr<BatchReader>> openPluginExtractor(const BoundOpCall& call, const ReaderOptions& options);
Result<std::unique_ptr<BatchWriter>> openPluginOutputter(const BoundOpCall& call, const WriterOptions& options);

}  // namespace popper::pluginhost

// State shared by the pieces of semantic analysis while one workflow is bound:
// the program under construction, the rowset and parameter tables, and what
// is known about relations that had errors (so their consumers stay quiet).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/ast/Ast.h"
#include "compiler/diag/Diagnostic.h"
#include "compiler/sema/BoundProgram.h"
#include "compiler/sema/OperatorRegistry.h"

namespace popper::sema {

// What sema knows about a bound relation beyond its schema.
struct RelationState {
  // False when an error left the schema partial: unknown names in it are not
  // reported again (the first error already explained them).
  bool complete = true;
  // Columns whose type is unknown after an error: reading them is silent failure.
  std::set<std::string> poisoned;
  std::vector<RelId> inputs;  // forward edges, for back-edge ancestry
  bool isHandle = false;
};

struct NamedRowset {
  RelId id = -1;
  SourceRange nameRange;
  bool used = false;
};

// A relation used as an input: its id (-1 when it failed to bind), the names
// that qualify its columns (rowset name or AS alias) and how messages call it.
struct BoundSource {
  RelId id = -1;
  std::vector<std::string> qualifiers;
  std::string display;  // "'name'" or "the nested relation"
  SourceRange range;
};

class SemaContext {
 public:
  SemaContext(DiagnosticEngine& diags, const OperatorRegistry& registry) : diags(diags), registry(registry) {}

  DiagnosticEngine& diags;
  const OperatorRegistry& registry;
  BoundProgram program;
  std::vector<RelationState> states;  // parallel to program.relations
  std::map<std::string, NamedRowset> rowsets;
  // Rowsets whose definition comes later in the file (name -> its name's
  // range): a use of one is "used before it is defined", not "unknown".
  std::map<std::string, SourceRange> definedLater;
  // Each OUTPUT's file (its path, lexically normalized) and where it is named:
  // two outputs may not write one file.
  std::map<std::string, SourceRange> outputFiles;
  // The EXTRACT that reads standard input (FROM "-"): one at most.
  std::optional<SourceRange> standardInput;
  std::map<std::string, BoundParam> params;
  std::set<std::string> unusableParams;  // declared, but their value had an error
  bool importFailed = false;             // an IMPORT failed (AnalyzeOptions::importFailed)

  const Schema& schemaOf(RelId id) const;
  const RelationState& stateOf(RelId id) const;  // a failed source (-1) is incomplete
  // Adds a bound relation; returns its id.
  RelId addRelation(BoundRelation relation, RelationState state);
  std::vector<std::string> rowsetNames() const;
  // Reports a rowset name that is not (yet) defined: used before its later
  // definition, or unknown with a did-you-mean. A suggested rowset counts as
  // used: the writer clearly meant it, so it should not also warn as unused.
  void reportUndefinedRowset(const ast::Ident& name, const std::string& what);
  std::vector<std::string> paramNames() const;
  // Every relation `id` reads from, transitively (not `id` itself).
  std::set<RelId> ancestors(RelId id) const;
};

}  // namespace popper::sema

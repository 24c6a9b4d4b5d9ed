// The checked workflow: every rowset resolved to a bound relation with its
// schema, plus outputs, parameters, options and imports. Produced by sema,
// lowered by compiler/plan into the reactive dataflow.
#pragma once

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "common/Schema.h"
#include "compiler/ast/Ast.h"
#include "compiler/sema/BoundExpr.h"

namespace popper {

using RelId = int;  // index into BoundProgram::relations

struct OperatorSignature;  // compiler/sema/OperatorRegistry.h

struct BoundArg {
  std::string name;
  bool isColumn = false;
  Literal value;    // !isColumn (parameters already substituted)
  int column = -1;  // isColumn: index into the operator's input schema
  Type type = Type::String;
  SourceRange range;
};

struct BoundOpCall {
  std::string op;  // operator name as registered
  const OperatorSignature* signature = nullptr;
  std::vector<BoundArg> args;  // declared defaults filled in, in signature order
  SourceRange range;
  // The workflow file's folder ("" when it is the current one): operators
  // resolve relative file arguments (Classify's model, Ocr's folder) against
  // it, as docs/language.md, "Outputs, errors and determinism" says of input paths.
  std::string workflowDir;

  const BoundArg* arg(const std::string& name) const {
    for (const BoundArg& a : args)
      if (a.name == name) return &a;
    return nullptr;
  }
};

struct BoundExtract {
  std::string path;  // as written or from the parameter; resolved against the workflow folder at run time
  BoundOpCall extractor;
};

// SELECT, bound the way a SQL binder does: WHERE and non-grouped projections
// read the joined row (left columns then right columns); with GROUP BY, HAVING
// and projections read the grouped row (group keys then aggregates).
struct BoundSelect {
  RelId input = -1;
  RelId joinInput = -1;                   // -1: no JOIN
  std::vector<BoundExpr> leftKeys;        // over the left row; equi-join keys, pairwise
  std::vector<BoundExpr> rightKeys;       // over the right row
  std::optional<BoundExpr> joinResidual;  // non-equi conjuncts of ON, over the joined row
  std::optional<BoundExpr> where;
  bool grouped = false;  // GROUP BY present, or aggregates used
  std::vector<BoundExpr> groupKeys;
  std::vector<BoundAggregate> aggregates;
  std::optional<BoundExpr> having;
  std::vector<BoundExpr> projections;  // one per output column
};

// PROCESS output = input columns (minus those shadowed by PRODUCE) then PRODUCE columns.
struct BoundProcess {
  RelId input = -1;
  BoundOpCall processor;
  Schema produce;
  std::vector<int> passthrough;  // input column indices kept, in order
};

struct BoundReduce {
  RelId input = -1;
  std::vector<int> keyColumns;  // ON columns, indices into the input
  BoundOpCall reducer;
  Schema produce;  // output = produce
};

struct BoundCombine {
  RelId left = -1;
  RelId right = -1;
  std::vector<BoundExpr> leftKeys;  // equi conditions of ON
  std::vector<BoundExpr> rightKeys;
  BoundOpCall combiner;
  Schema produce;  // output = produce
};

struct BoundUnion {
  std::vector<RelId> inputs;  // schemas identical in names and types
};

struct BoundAssignment {
  int column = -1;  // in the target's schema
  BoundExpr value;  // input 0 = the detected row, input 1 = the traced row of the target
};

struct BoundAction {
  ast::ActionKind kind = ast::ActionKind::EditSet;
  RelId target = -1;  // a strict upstream ancestor of the handler's source: the back edge
  std::vector<BoundAssignment> assignments;  // EditSet, Append
  std::optional<BoundOpCall> op;  // EditUsing: over the target's input row, produces the target's columns
  SourceRange range;
};

struct BoundHandle {
  RelId input = -1;
  BoundExpr detect;
  std::vector<BoundAction> actions;
  int64_t retry = 1;
  SourceRange retryRange;  // the RETRY clause; empty when absent
  ast::Eventually eventually = ast::Eventually::Reject;
};

struct BoundRelation {
  RelId id = -1;
  std::string name;  // the assigned rowset name; "" for a nested (parenthesised) relation
  SourceRange range;
  Schema schema;
  std::variant<BoundExtract, BoundSelect, BoundProcess, BoundReduce, BoundCombine, BoundUnion, BoundHandle>
      node;
};

struct BoundOrderKey {
  BoundExpr expr;  // over the output's input schema
  bool descending = false;
};

// EVALUATE AGAINST: the output's rows against a ground-truth CSV, compared as
// multisets on `columns` (every output column when the clause has no ON).
struct BoundEvaluation {
  std::string groundTruth;  // as written (or the PARAM's value); resolved against the workflow's folder
  std::vector<std::string> columns;  // output column names compared, in order
  bool allColumns = true;  // no ON: the ground truth's header must name exactly the output's columns
  SourceRange pathRange;   // where run-time problems with the file are reported
  std::vector<SourceRange> columnRanges;  // one per ON column (empty without ON)
};

struct BoundOutput {
  RelId input = -1;
  std::string path;
  BoundOpCall outputter;
  std::vector<BoundOrderKey> orderBy;
  SourceRange range;
  std::optional<BoundEvaluation> evaluate;
};

struct BoundParam {
  std::string name;
  Type type = Type::String;
  Literal value;  // default, popper.yaml or -p override, type-checked
  SourceRange range;
};

struct BoundProgram {
  std::string sourcePath;                // the .scope file; relative inputs resolve against its folder
  std::vector<BoundRelation> relations;  // topological: inputs before consumers
  std::vector<BoundOutput> outputs;
  std::vector<BoundParam> params;
  std::map<std::string, Literal> options;  // SET name = value (validated names)
  std::vector<std::string> imports;
};

}  // namespace popper

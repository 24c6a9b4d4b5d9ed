// Plain AST structs for a parsed workflow. Every node carries its byte range in
// the source; nothing here depends on ANTLR. Built by compiler/parse, read by
// compiler/sema.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/SourceFile.h"
#include "common/Type.h"

namespace popper::ast {

// A name as written, with its location.
struct Ident {
  std::string name;
  SourceRange range;
};

// ---------------------------------------------------------------- expressions

enum class UnaryOp { Negate, Not };
enum class BinaryOp { Add, Sub, Mul, Div, Mod, Eq, Ne, Lt, Le, Gt, Ge, And, Or };

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct LiteralExpr {
  Literal literal;
};
struct ParamExpr {
  Ident name;
};  // @name
struct ColumnExpr {
  std::optional<Ident> qualifier;
  Ident column;
};  // col or t.col
struct UnaryExpr {
  UnaryOp op;
  ExprPtr operand;
};
struct BinaryExpr {
  BinaryOp op;
  ExprPtr lhs;
  ExprPtr rhs;
};
struct IfExpr {
  ExprPtr cond;
  ExprPtr then;
  ExprPtr otherwise;
};
// f(args) or f(*). Function names are matched case-insensitively by sema.
struct CallExpr {
  Ident function;
  std::vector<ExprPtr> args;
  bool starArg = false;
};

struct Expr {
  SourceRange range;
  std::variant<LiteralExpr, ParamExpr, ColumnExpr, UnaryExpr, BinaryExpr, IfExpr, CallExpr> node;
};

// ---------------------------------------------------------------- operators

// An operator argument: `name: literal | column | @param`.
struct ArgValue {
  enum class Kind { Literal, Column, Param } kind = Kind::Literal;
  Literal literal;  // Kind::Literal
  Ident name;       // Kind::Column or Kind::Param
  SourceRange range;
};
struct OpArg {
  Ident name;
  ArgValue value;
};
struct OpCall {
  Ident op;
  std::vector<OpArg> args;
  SourceRange range;
};

// `name : type [= default]` in EXTRACT, PRODUCE and PARAM.
struct ColumnDef {
  Ident name;
  Ident typeName;  // resolved by sema (reports unknown types)
  std::optional<Literal> defaultValue;
  SourceRange defaultRange;
  SourceRange range;
};

// A file path: a string literal or `@param`.
struct PathRef {
  bool isParam = false;
  std::string path;  // the literal path, or the parameter's name
  SourceRange range;
};

// ---------------------------------------------------------------- relations

struct Relation;
using RelationPtr = std::unique_ptr<Relation>;

// A named rowset or a parenthesised relation, optionally renamed with AS.
struct Source {
  std::optional<Ident> name;  // a reference to a rowset, or
  RelationPtr nested;         // a parenthesised relation
  std::optional<Ident> alias;
  SourceRange range;
};

struct ExtractRel {
  std::vector<ColumnDef> columns;
  PathRef path;
  OpCall extractor;
};

struct SelectItem {
  enum class Kind { Star, QualifiedStar, Expr } kind = Kind::Expr;
  std::optional<Ident> qualifier;  // QualifiedStar: x in x.*
  ExprPtr expr;                    // Kind::Expr
  std::optional<Ident> alias;      // AS name
  SourceRange range;
};

struct JoinClause {
  Source right;
  ExprPtr on;
};

struct SelectRel {
  std::vector<SelectItem> items;
  Source from;
  std::optional<JoinClause> join;
  ExprPtr where;                 // may be null
  std::vector<ExprPtr> groupBy;  // empty: no GROUP BY
  ExprPtr having;                // may be null
};

struct ProcessRel {
  Source input;
  OpCall processor;
  std::vector<ColumnDef> produce;
};

struct ReduceRel {
  Source input;
  std::vector<Ident> on;
  OpCall reducer;
  std::vector<ColumnDef> produce;
};

struct CombineRel {
  Source left;
  Source right;
  ExprPtr on;
  OpCall combiner;
  std::vector<ColumnDef> produce;
};

struct UnionRel {
  std::vector<Source> inputs;  // two or more
};

struct Assignment {
  Ident column;
  ExprPtr value;
};

enum class ActionKind { EditSet, EditUsing, Append, Delete };
struct Action {
  ActionKind kind = ActionKind::EditSet;
  Ident target;
  std::vector<Assignment> assignments;  // EditSet, Append
  std::optional<OpCall> op;             // EditUsing
  SourceRange range;
};

enum class Eventually { Pass, Drop, Reject };

struct HandleRel {
  Source input;
  ExprPtr detect;
  std::vector<Action> actions;
  std::optional<int64_t> retry;  // default 1 when absent
  SourceRange retryRange;
  Eventually eventually = Eventually::Reject;
  bool eventuallyGiven = false;
};

struct Relation {
  SourceRange range;
  std::variant<ExtractRel, SelectRel, ProcessRel, ReduceRel, CombineRel, UnionRel, HandleRel> node;
};

// ---------------------------------------------------------------- statements

struct ParamStmt {
  Ident name;
  Ident typeName;
  std::optional<Literal> defaultValue;
  SourceRange defaultRange;
};
struct SetStmt {
  Ident name;
  Literal value;
  SourceRange valueRange;
};
struct ImportStmt {
  std::string path;
  SourceRange pathRange;
};
struct AssignStmt {
  Ident name;
  RelationPtr relation;
};

struct OrderItem {
  ExprPtr expr;
  bool descending = false;
  SourceRange range;
};
// EVALUATE AGAINST "gt.csv" [ON col, ...]: score the output against ground truth.
struct EvaluateClause {
  PathRef groundTruth;    // relative to the workflow's folder, like an input
  std::vector<Ident> on;  // empty: every column of the output
  SourceRange range;
};

struct OutputStmt {
  Source input;
  PathRef path;
  OpCall outputter;
  std::vector<OrderItem> orderBy;
  std::optional<EvaluateClause> evaluate;
};

struct Statement {
  SourceRange range;
  std::variant<ParamStmt, SetStmt, ImportStmt, AssignStmt, OutputStmt> node;
};

struct Workflow {
  std::vector<Statement> statements;
  // Names of `name = ...` and `PARAM name` statements dropped for a syntax
  // error: sema knows they exist (with unknown schema or value), so their uses
  // do not cascade into "unknown rowset" errors.
  std::vector<Ident> brokenRowsets;
  std::vector<Ident> brokenParams;
};

}  // namespace popper::ast

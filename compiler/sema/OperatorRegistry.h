// Operator signatures and the registry that holds them. Sema checks every
// operator call against the registry it is given (AnalyzeOptions::registry);
// the runtime's OperatorCatalog (runtime/catalog) fills one, each signature
// beside the factory of its operator, from the built-ins, the models and the
// IMPORTed plugins.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/Type.h"
#include "compiler/ast/Ast.h"

namespace popper {

enum class OperatorKind { Extractor, Processor, Reducer, Combiner, Outputter };
const char* operatorKindName(OperatorKind kind);  // "extractor", "processor", ...

// One named argument: a literal (or @param) of `type`, and/or a column of the
// operator's input (of `type`, or of any type when `type` is unset).
struct OperatorArgSpec {
  std::string name;
  std::optional<Type> type;  // unset: any type (columns only)
  bool acceptsLiteral = true;
  bool acceptsColumn = false;
  bool required = false;
  std::optional<Literal> defaultValue;  // filled in when the argument is omitted
};

struct ProducedColumn {
  std::string name;  // the default name; PRODUCE names the columns as the user likes
  Type type = Type::String;
};

// A back edge an operator may emit from its code (docs/error-handling.md): the
// planner needs to see it. `targetArg` names the string argument that holds the
// target rowset's name; sema checks that the rowset is the PROCESS's input or
// upstream of it (DeclaredBackEdgeCheck.h), plan/Lowering draws the edge, and
// ProcessOp turns the operator's requests into corrections. Plugins declare
// them with Signature::backEdge (include/popper/plugin.h).
struct DeclaredBackEdge {
  ast::ActionKind action = ast::ActionKind::Append;
  std::string targetArg;
};

struct OperatorSignature {
  std::string name;
  OperatorKind kind = OperatorKind::Processor;
  std::vector<OperatorArgSpec> args;
  // Arguments other than `args` are accepted (any literal or column) when set.
  bool extraArgs = false;
  // Outputs, in order. PRODUCE (or EXTRACT's column list) names them, may take
  // a prefix, and must match their types positionally. `openProduce`: any list.
  std::vector<ProducedColumn> produces;
  bool openProduce = false;
  // One input row to 0..1 output rows, reading only that row: filters may move
  // across it (pushdown), and chains of such operators fuse (meld).
  bool rowWise = false;
  std::vector<DeclaredBackEdge> backEdges;

  const OperatorArgSpec* arg(const std::string& argName) const;
};

class OperatorRegistry {
 public:
  // Adds or replaces the signature for (name, kind); the returned pointer stays valid.
  const OperatorSignature* add(OperatorSignature signature);
  const OperatorSignature* find(const std::string& name, OperatorKind kind) const;
  // Every signature registered under `name`, whatever its kind (for "wrong kind" errors).
  std::vector<const OperatorSignature*> findAnyKind(const std::string& name) const;
  std::vector<std::string> names(OperatorKind kind) const;

 private:
  std::map<std::pair<std::string, OperatorKind>, std::unique_ptr<OperatorSignature>> signatures_;
};

// Building signatures: an argument that takes a literal (or @param) of
// `type`, required unless it has a default; one that takes a column of the
// input (of `type`, or of any type when unset).
OperatorArgSpec literalArg(std::string name, Type type, std::optional<Literal> defaultValue = std::nullopt);
OperatorArgSpec columnArg(std::string name, std::optional<Type> type, bool required = true);
OperatorSignature makeSignature(std::string name, OperatorKind kind, std::vector<OperatorArgSpec> args,
                                std::vector<ProducedColumn> produces, bool openProduce = false);
// The same signature, marked row-wise (see OperatorSignature::rowWise).
OperatorSignature rowWise(OperatorSignature signature);

}  // namespace popper

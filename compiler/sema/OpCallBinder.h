// Binds an operator call `Op(name: value, ...)` against its signature in the
// registry: operator kind, unknown/duplicate/missing/mistyped arguments,
// column arguments resolved in the operator's input, defaults filled in.
#pragma once

#include <optional>
#include <string>

#include "compiler/sema/SemaContext.h"

namespace popper::sema {

// The rows an operator reads, for column arguments (absent for extractors).
struct OpInput {
  const Schema* schema = nullptr;
  const RelationState* state = nullptr;
  std::string display;  // "'lines'"
};

// nullopt when the operator is unknown or of another kind (reported); argument
// errors are reported but the call is still returned so PRODUCE can be checked.
std::optional<BoundOpCall> bindOpCall(SemaContext& ctx, const ast::OpCall& call, OperatorKind kind,
                                      const OpInput* input);

// The literal as a value of `type` (int widens to float), if it is one.
std::optional<Literal> coerceLiteral(const Literal& value, Type type);

}  // namespace popper::sema

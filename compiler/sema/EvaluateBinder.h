// Binding an OUTPUT's EVALUATE AGAINST clause: the ground-truth path and the
// ON columns, which must be columns of the output (checked here, so `popper
// check` reports them). The ground-truth file itself is read only when the
// workflow runs (and its header by `popper check` when the file exists).
#pragma once

#include <optional>

#include "compiler/sema/BoundProgram.h"
#include "compiler/sema/SemaContext.h"

namespace popper::sema {

// `schema` is the output's columns; `state` says whether an earlier error left
// it partial (then unknown names are not reported again).
std::optional<BoundEvaluation> bindEvaluation(SemaContext& ctx, const ast::EvaluateClause& clause,
                                              const ast::OpCall& outputter, const Schema& schema,
                                              const RelationState& state);

}  // namespace popper::sema

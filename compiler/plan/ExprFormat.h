// Renders bound expressions back to readable source-like text for plan
// printouts and pass reports: columns by name (`t.col` for a traced row),
// operators with minimal parentheses, widening casts left out.
#pragma once

#include <string>

#include "common/Schema.h"
#include "compiler/sema/BoundExpr.h"
#include "compiler/sema/BoundProgram.h"

namespace popper::plan {

std::string formatLiteral(const Literal& value);
// `traced` names input 1 (a handler's traced row), shown as `tracedName.col`.
std::string formatExpr(const BoundExpr& e, const Schema& row, const Schema* traced = nullptr,
                       const std::string& tracedName = "t");
std::string formatAggregate(const BoundAggregate& a, const Schema& row);
// Op(name: value, ...) with column arguments by name.
std::string formatOpCall(const BoundOpCall& call, const Schema* input = nullptr);

}  // namespace popper::plan

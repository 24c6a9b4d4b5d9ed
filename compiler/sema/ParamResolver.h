// PARAM declarations: types, defaults, and values given from outside
// (`-p name=value`, popper.yaml), all type-checked before any rowset is bound
// so `@name` can be used anywhere in the file.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "compiler/sema/SemaContext.h"

namespace popper::sema {

// Fills ctx.params (and ctx.program.params, in declaration order). `origins`
// says where each override came from ("with -p"), for messages.
void resolveParams(SemaContext& ctx, const ast::Workflow& workflow,
                   const std::map<std::string, std::string>& overrides,
                   const std::map<std::string, std::string>& origins);

// Text from the command line or popper.yaml read as a value of `type`:
// strings as is, ints and floats in full, bools as true/false.
std::optional<Literal> parseValueAs(Type type, const std::string& text);

}  // namespace popper::sema

// Warnings for rowsets nothing reads (a HANDLE has effects, so it never is).
#pragma once

#include "compiler/sema/SemaContext.h"

namespace popper::sema {

void warnUnusedRowsets(SemaContext& ctx);

}  // namespace popper::sema

// ErrorSite: one place in a compiled expression that can fail a row. The
// compiled loop writes site number + 1 into the row's slot of an error array;
// the evaluator turns it into the interpreter's RowError (same range, same
// message). No LLVM here.
#pragma once

#include <string>

#include "common/SourceFile.h"

namespace popper::jit {

struct ErrorSite {
  enum class Kind {
    Message,     // a fixed message, e.g. "integer overflow"
    FloatToInt,  // "cannot convert <value> to int"; the value is in the row's errValue slot
    Helper,      // a message a runtime helper recorded for the row (HelperContext::messages)
  };
  Kind kind = Kind::Message;
  SourceRange range;
  std::string message;
};

// The signature of every compiled expression function:
//   slots: the HelperContext, the traced row indices, column data (see ExprShape)
//   sel, n: the rows of input 0 to evaluate
//   out: the dense result (int64/double/uint8 per row) or, for a filter, the selected row indices
//   errors: n uint32, zero on entry; a failing row gets its site number + 1
//   errValues: n doubles, the offending value of FloatToInt sites
//   outCount: for a filter, the number of selected rows
// Returns the number of rows that failed.
using CompiledExprFn = uint64_t (*)(const void* const* slots, const uint32_t* sel, uint64_t n, void* out,
                                    uint32_t* errors, double* errValues, uint64_t* outCount);

}  // namespace popper::jit

// Maps each BuiltinFunc to its implementation.
#include <stdexcept>

#include "runtime/expr/Functions.h"

namespace popper {

BuiltinImpl builtinImpl(BuiltinFunc f) {
  switch (f) {
    case BuiltinFunc::Len:
      return fnLen;
    case BuiltinFunc::Lower:
      return fnLower;
    case BuiltinFunc::Upper:
      return fnUpper;
    case BuiltinFunc::Trim:
      return fnTrim;
    case BuiltinFunc::Contains:
      return fnContains;
    case BuiltinFunc::StartsWith:
      return fnStartsWith;
    case BuiltinFunc::EndsWith:
      return fnEndsWith;
    case BuiltinFunc::Replace:
      return fnReplace;
    case BuiltinFunc::Substr:
      return fnSubstr;
    case BuiltinFunc::Concat:
      return fnConcat;
    case BuiltinFunc::ToInt:
      return fnToInt;
    case BuiltinFunc::ToFloat:
      return fnToFloat;
    case BuiltinFunc::ToString:
      return fnToString;
    case BuiltinFunc::Abs:
      return fnAbs;
    case BuiltinFunc::Round:
      return fnRound;
    case BuiltinFunc::Floor:
      return fnFloor;
    case BuiltinFunc::Ceil:
      return fnCeil;
    case BuiltinFunc::Min:
      return fnMin;
    case BuiltinFunc::Max:
      return fnMax;
    case BuiltinFunc::Matches:
      return fnMatches;
  }
  throw std::logic_error("unknown builtin function");
}

}  // namespace popper

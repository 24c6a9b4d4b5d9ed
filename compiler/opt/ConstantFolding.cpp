// Constant folding of bound expressions (see ConstantFolding.h).
#include "compiler/opt/ConstantFolding.h"

#include <cctype>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

#include "compiler/plan/ExprUtil.h"

namespace popper::opt {

namespace {

using plan::canRaise;
using plan::makeConst;

bool isConst(const BoundExpr& e) { return e.kind == BoundExpr::Kind::Const; }
bool isBool(const BoundExpr& e, bool v) {
  return isConst(e) && e.type == Type::Bool && e.value.asBool() == v;
}

size_t utf8Length(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

bool isAscii(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

template <typename T>
std::optional<bool> compare(ast::BinaryOp op, const T& a, const T& b) {
  switch (op) {
    case ast::BinaryOp::Eq:
      return a == b;
    case ast::BinaryOp::Ne:
      return a != b;
    case ast::BinaryOp::Lt:
      return a < b;
    case ast::BinaryOp::Le:
      return a <= b;
    case ast::BinaryOp::Gt:
      return a > b;
    case ast::BinaryOp::Ge:
      return a >= b;
    default:
      return std::nullopt;
  }
}

std::optional<Literal> foldIntArith(ast::BinaryOp op, int64_t a, int64_t b) {
  int64_t r = 0;
  switch (op) {
    case ast::BinaryOp::Add:
      if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
      return Literal{r};
    case ast::BinaryOp::Sub:
      if (__builtin_sub_overflow(a, b, &r)) return std::nullopt;
      return Literal{r};
    case ast::BinaryOp::Mul:
      if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
      return Literal{r};
    case ast::BinaryOp::Div:
    case ast::BinaryOp::Mod:
      // Division by zero is a row error, INT64_MIN / -1 overflows: both left to the runtime.
      if (b == 0 || (a == std::numeric_limits<int64_t>::min() && b == -1)) return std::nullopt;
      return Literal{op == ast::BinaryOp::Div ? a / b : a % b};
    default:
      return std::nullopt;
  }
}

std::optional<Literal> foldFloatArith(ast::BinaryOp op, double a, double b) {
  switch (op) {
    case ast::BinaryOp::Add:
      return Literal{a + b};
    case ast::BinaryOp::Sub:
      return Literal{a - b};
    case ast::BinaryOp::Mul:
      return Literal{a * b};
    case ast::BinaryOp::Div:
      return Literal{a / b};
    default:
      return std::nullopt;  // float % is not in the language
  }
}

std::optional<Literal> foldBinary(const BoundExpr& e) {
  const Literal& a = e.args[0].value;
  const Literal& b = e.args[1].value;
  if (a.type() != b.type()) return std::nullopt;
  switch (a.type()) {
    case Type::Int:
      if (auto c = compare(e.binaryOp, a.asInt(), b.asInt())) return Literal{*c};
      return foldIntArith(e.binaryOp, a.asInt(), b.asInt());
    case Type::Float:
      if (auto c = compare(e.binaryOp, a.asFloat(), b.asFloat())) return Literal{*c};
      return foldFloatArith(e.binaryOp, a.asFloat(), b.asFloat());
    case Type::String:
      if (auto c = compare(e.binaryOp, a.asString(), b.asString())) return Literal{*c};
      if (e.binaryOp == ast::BinaryOp::Add) return Literal{a.asString() + b.asString()};
      return std::nullopt;
    case Type::Bool:
      if (e.binaryOp == ast::BinaryOp::Eq) return Literal{a.asBool() == b.asBool()};
      if (e.binaryOp == ast::BinaryOp::Ne) return Literal{a.asBool() != b.asBool()};
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<Literal> foldCall(const BoundExpr& e) {
  for (const BoundExpr& a : e.args)
    if (!isConst(a)) return std::nullopt;
  auto str = [&](size_t i) -> const std::string& { return e.args[i].value.asString(); };
  switch (e.func) {
    case BuiltinFunc::Len:
      return Literal{static_cast<int64_t>(utf8Length(str(0)))};
    case BuiltinFunc::Contains:
      return Literal{str(0).find(str(1)) != std::string::npos};
    case BuiltinFunc::StartsWith:
      return Literal{str(0).rfind(str(1), 0) == 0};
    case BuiltinFunc::EndsWith:
      return Literal{str(0).size() >= str(1).size() &&
                     str(0).compare(str(0).size() - str(1).size(), std::string::npos, str(1)) == 0};
    case BuiltinFunc::Lower:
    case BuiltinFunc::Upper: {
      // Only ASCII: case mapping beyond it is the runtime's business.
      if (!isAscii(str(0))) return std::nullopt;
      std::string s = str(0);
      for (char& c : s)
        c = static_cast<char>(e.func == BuiltinFunc::Lower ? std::tolower(c) : std::toupper(c));
      return Literal{s};
    }
    case BuiltinFunc::Concat: {
      std::string s;
      for (const BoundExpr& a : e.args) {
        if (a.type != Type::String) return std::nullopt;  // number formatting stays with the runtime
        s += a.value.asString();
      }
      return Literal{s};
    }
    case BuiltinFunc::Min:
    case BuiltinFunc::Max: {
      bool wantMin = e.func == BuiltinFunc::Min;
      Literal best = e.args[0].value;
      for (size_t i = 1; i < e.args.size(); ++i) {
        const Literal& v = e.args[i].value;
        if (v.type() != best.type()) return std::nullopt;
        bool less = v.value < best.value;
        if (best.type() == Type::Float && (std::isnan(v.asFloat()) || std::isnan(best.asFloat())))
          return std::nullopt;
        if (wantMin ? less : best.value < v.value) best = v;
      }
      return best;
    }
    case BuiltinFunc::Abs:
      if (e.args[0].type == Type::Float) return Literal{std::fabs(e.args[0].value.asFloat())};
      if (e.args[0].value.asInt() == std::numeric_limits<int64_t>::min()) return std::nullopt;  // a row error
      return Literal{e.args[0].value.asInt() < 0 ? -e.args[0].value.asInt() : e.args[0].value.asInt()};
    case BuiltinFunc::Round:
    case BuiltinFunc::Floor:
    case BuiltinFunc::Ceil: {
      if (e.args[0].type == Type::Int) return e.args[0].value;
      double v = e.args[0].value.asFloat();
      return Literal{e.func == BuiltinFunc::Round   ? std::round(v)
                     : e.func == BuiltinFunc::Floor ? std::floor(v)
                                                    : std::ceil(v)};
    }
    case BuiltinFunc::ToString:
      if (e.args[0].type == Type::Int) return Literal{std::to_string(e.args[0].value.asInt())};
      if (e.args[0].type == Type::String) return e.args[0].value;
      if (e.args[0].type == Type::Bool)
        return Literal{std::string(e.args[0].value.asBool() ? "true" : "false")};
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

// Replaces e by one of its own arguments.
void hoist(BoundExpr& e, size_t arg) {
  BoundExpr keep = std::move(e.args[arg]);
  e = std::move(keep);
}

void toConst(BoundExpr& e, Literal value) {
  SourceRange range = e.range;
  Type type = e.type;
  e = makeConst(std::move(value));
  e.range = range;
  e.type = type;
}

}  // namespace

bool foldExpr(BoundExpr& e) {
  bool changed = false;
  for (BoundExpr& a : e.args) changed |= foldExpr(a);

  switch (e.kind) {
    case BoundExpr::Kind::Cast:
      if (isConst(e.args[0]) && e.type == Type::Float && e.args[0].type == Type::Int) {
        toConst(e, Literal{static_cast<double>(e.args[0].value.asInt())});
        return true;
      }
      break;
    case BoundExpr::Kind::Unary:
      if (e.unaryOp == ast::UnaryOp::Not) {
        if (isConst(e.args[0])) {
          toConst(e, Literal{!e.args[0].value.asBool()});
          return true;
        }
        if (e.args[0].kind == BoundExpr::Kind::Unary && e.args[0].unaryOp == ast::UnaryOp::Not) {
          BoundExpr inner = std::move(e.args[0].args[0]);
          e = std::move(inner);
          return true;
        }
      } else if (isConst(e.args[0])) {
        if (e.type == Type::Float) {
          toConst(e, Literal{-e.args[0].value.asFloat()});
          return true;
        }
        if (e.args[0].value.asInt() != std::numeric_limits<int64_t>::min()) {
          toConst(e, Literal{-e.args[0].value.asInt()});
          return true;
        }
      }
      break;
    case BoundExpr::Kind::Binary:
      if (e.binaryOp == ast::BinaryOp::And || e.binaryOp == ast::BinaryOp::Or) {
        bool isAnd = e.binaryOp == ast::BinaryOp::And;
        // The neutral element vanishes; the absorbing one wins when it comes
        // first (short-circuit) or when what it hides cannot raise.
        if (isBool(e.args[0], isAnd)) {
          hoist(e, 1);
          return true;
        }
        if (isBool(e.args[1], isAnd)) {
          hoist(e, 0);
          return true;
        }
        if (isBool(e.args[0], !isAnd)) {
          hoist(e, 0);
          return true;
        }
        if (isBool(e.args[1], !isAnd) && !canRaise(e.args[0])) {
          hoist(e, 1);
          return true;
        }
        break;
      }
      if (isConst(e.args[0]) && isConst(e.args[1])) {
        if (auto v = foldBinary(e)) {
          toConst(e, *v);
          return true;
        }
      }
      break;
    case BoundExpr::Kind::If:
      if (isConst(e.args[0])) {
        hoist(e, e.args[0].value.asBool() ? 1 : 2);
        return true;
      }
      if (sameExpr(e.args[1], e.args[2]) && !canRaise(e.args[0])) {
        hoist(e, 1);
        return true;
      }
      break;
    case BoundExpr::Kind::Call:
      if (auto v = foldCall(e)) {
        toConst(e, *v);
        return true;
      }
      break;
    default:
      break;
  }
  return changed;
}

}  // namespace popper::opt

// Expression rendering for plan printouts (see ExprFormat.h).
#include "compiler/plan/ExprFormat.h"

#include <cctype>
#include <charconv>
#include <cmath>

#include "compiler/sema/Builtins.h"

namespace popper::plan {

namespace {

const char* binaryText(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::Add:
      return "+";
    case ast::BinaryOp::Sub:
      return "-";
    case ast::BinaryOp::Mul:
      return "*";
    case ast::BinaryOp::Div:
      return "/";
    case ast::BinaryOp::Mod:
      return "%";
    case ast::BinaryOp::Eq:
      return "==";
    case ast::BinaryOp::Ne:
      return "!=";
    case ast::BinaryOp::Lt:
      return "<";
    case ast::BinaryOp::Le:
      return "<=";
    case ast::BinaryOp::Gt:
      return ">";
    case ast::BinaryOp::Ge:
      return ">=";
    case ast::BinaryOp::And:
      return "AND";
    case ast::BinaryOp::Or:
      return "OR";
  }
  return "?";
}

// Binding strength, higher binds tighter (as in the grammar).
int precedence(const BoundExpr& e) {
  switch (e.kind) {
    case BoundExpr::Kind::Binary:
      switch (e.binaryOp) {
        case ast::BinaryOp::Or:
          return 1;
        case ast::BinaryOp::And:
          return 2;
        case ast::BinaryOp::Eq:
        case ast::BinaryOp::Ne:
        case ast::BinaryOp::Lt:
        case ast::BinaryOp::Le:
        case ast::BinaryOp::Gt:
        case ast::BinaryOp::Ge:
          return 4;
        case ast::BinaryOp::Add:
        case ast::BinaryOp::Sub:
          return 5;
        default:
          return 6;
      }
    case BoundExpr::Kind::Unary:
      return e.unaryOp == ast::UnaryOp::Not ? 3 : 7;
    case BoundExpr::Kind::Cast:
      return e.args.empty() ? 8 : precedence(e.args[0]);
    default:
      return 8;
  }
}

std::string columnName(const Schema* s, int column) {
  if (s && column >= 0 && static_cast<size_t>(column) < s->size())
    return (*s)[static_cast<size_t>(column)].name;
  return "$" + std::to_string(column);
}

}  // namespace

std::string formatLiteral(const Literal& value) {
  switch (value.type()) {
    case Type::String: {
      std::string out = "\"";
      for (char c : value.asString()) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
          out += "\\n";
          continue;
        }
        if (c == '\t') {
          out += "\\t";
          continue;
        }
        out += c;
      }
      return out + "\"";
    }
    case Type::Int:
      return std::to_string(value.asInt());
    case Type::Float: {
      double v = value.asFloat();
      if (std::isnan(v)) return "nan";
      if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
      char buf[64];
      auto res = std::to_chars(buf, buf + sizeof buf, v);
      std::string s(buf, res.ptr);
      if (s.find_first_of(".en") == std::string::npos) s += ".0";
      return s;
    }
    case Type::Bool:
      return value.asBool() ? "true" : "false";
  }
  return "?";
}

std::string formatExpr(const BoundExpr& e, const Schema& row, const Schema* traced,
                       const std::string& tracedName) {
  auto sub = [&](const BoundExpr& a, int minPrec) {
    std::string s = formatExpr(a, row, traced, tracedName);
    return precedence(a) < minPrec ? "(" + s + ")" : s;
  };
  switch (e.kind) {
    case BoundExpr::Kind::Const:
      return formatLiteral(e.value);
    case BoundExpr::Kind::Column:
      return e.input == 1 ? tracedName + "." + columnName(traced, e.column) : columnName(&row, e.column);
    case BoundExpr::Kind::Cast:
      return e.args.empty() ? "?" : formatExpr(e.args[0], row, traced, tracedName);
    case BoundExpr::Kind::Unary:
      return e.unaryOp == ast::UnaryOp::Not ? "NOT " + sub(e.args[0], 3) : "-" + sub(e.args[0], 7);
    case BoundExpr::Kind::Binary: {
      int p = precedence(e);
      // Left-associative: the right operand needs parentheses at equal precedence.
      return sub(e.args[0], p) + " " + binaryText(e.binaryOp) + " " + sub(e.args[1], p + 1);
    }
    case BoundExpr::Kind::If:
      return "IF(" + formatExpr(e.args[0], row, traced, tracedName) + ", " +
             formatExpr(e.args[1], row, traced, tracedName) + ", " +
             formatExpr(e.args[2], row, traced, tracedName) + ")";
    case BoundExpr::Kind::Call: {
      std::string out = std::string(builtinName(e.func)) + "(";
      for (size_t i = 0; i < e.args.size(); ++i)
        out += (i ? ", " : "") + formatExpr(e.args[i], row, traced, tracedName);
      return out + ")";
    }
  }
  return "?";
}

std::string formatAggregate(const BoundAggregate& a, const Schema& row) {
  std::string name = aggregateName(a.func);
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (a.func == AggFunc::CountStar) return "COUNT(*)";
  return name + "(" + formatExpr(a.arg, row) + ")";
}

std::string formatOpCall(const BoundOpCall& call, const Schema* input) {
  std::string out = call.op + "(";
  for (size_t i = 0; i < call.args.size(); ++i) {
    const BoundArg& a = call.args[i];
    out +=
        (i ? ", " : "") + a.name + ": " + (a.isColumn ? columnName(input, a.column) : formatLiteral(a.value));
  }
  return out + ")";
}

}  // namespace popper::plan

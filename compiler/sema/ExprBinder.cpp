// Name resolution and type rules for expressions (docs/language.md).
#include "compiler/sema/ExprBinder.h"

#include <fmt/format.h>

#include "common/NameSuggest.h"
#include "compiler/sema/Builtins.h"

namespace popper::sema {
namespace {

bool isNumeric(Type t) { return t == Type::Int || t == Type::Float; }

// The common type of two operands after int->float widening, if any.
std::optional<Type> commonType(Type a, Type b) {
  if (a == b) return a;
  if (isNumeric(a) && isNumeric(b)) return Type::Float;
  return std::nullopt;
}

BoundExpr makeBinary(ast::BinaryOp op, Type resultType, BoundExpr lhs, BoundExpr rhs, SourceRange range) {
  BoundExpr e;
  e.kind = BoundExpr::Kind::Binary;
  e.type = resultType;
  e.range = range;
  e.binaryOp = op;
  e.args.push_back(std::move(lhs));
  e.args.push_back(std::move(rhs));
  return e;
}

}  // namespace

const char* binaryOpText(ast::BinaryOp op) {
  using B = ast::BinaryOp;
  switch (op) {
    case B::Add:
      return "+";
    case B::Sub:
      return "-";
    case B::Mul:
      return "*";
    case B::Div:
      return "/";
    case B::Mod:
      return "%";
    case B::Eq:
      return "==";
    case B::Ne:
      return "!=";
    case B::Lt:
      return "<";
    case B::Le:
      return "<=";
    case B::Gt:
      return ">";
    case B::Ge:
      return ">=";
    case B::And:
      return "AND";
    case B::Or:
      return "OR";
  }
  return "?";
}

BoundExpr makeConst(const Literal& value, SourceRange range) {
  BoundExpr e;
  e.kind = BoundExpr::Kind::Const;
  e.type = value.type();
  e.value = value;
  e.range = range;
  return e;
}

BoundExpr makeColumn(int input, int column, Type type, SourceRange range) {
  BoundExpr e;
  e.kind = BoundExpr::Kind::Column;
  e.type = type;
  e.input = input;
  e.column = column;
  e.range = range;
  return e;
}

BoundExpr widenTo(BoundExpr e, Type to) {
  if (e.type != Type::Int || to != Type::Float) return e;
  BoundExpr cast;
  cast.kind = BoundExpr::Kind::Cast;
  cast.type = Type::Float;
  cast.range = e.range;
  cast.args.push_back(std::move(e));
  return cast;
}

const ast::CallExpr* asAggregateCall(const ast::Expr& expr) {
  const auto* call = std::get_if<ast::CallExpr>(&expr.node);
  if (!call) return nullptr;
  return lookupAggregate(call->function.name, call->args.size(), call->starArg) ? call : nullptr;
}

std::optional<BoundExpr> ExprBinder::bind(const ast::Expr& expr) {
  if (intercept_) {
    if (auto handled = intercept_(expr)) return *handled;
  }
  return bindDefault(expr);
}

std::optional<BoundExpr> ExprBinder::bindCondition(const ast::Expr& expr, const std::string& what) {
  std::optional<BoundExpr> bound = bind(expr);
  if (bound && bound->type != Type::Bool) {
    diags_.error(expr.range, fmt::format("{} must be bool, got {}", what, typeName(bound->type)));
    return std::nullopt;
  }
  return bound;
}

std::optional<BoundExpr> ExprBinder::bindDefault(const ast::Expr& expr) {
  return std::visit(
      [&](const auto& node) -> std::optional<BoundExpr> {
        using N = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<N, ast::LiteralExpr>) return makeConst(node.literal, expr.range);
        if constexpr (std::is_same_v<N, ast::ParamExpr>) return bindParam(node, expr.range);
        if constexpr (std::is_same_v<N, ast::ColumnExpr>) return bindColumn(node, expr.range);
        if constexpr (std::is_same_v<N, ast::UnaryExpr>) return bindUnary(node, expr.range);
        if constexpr (std::is_same_v<N, ast::BinaryExpr>) return bindBinary(node, expr.range);
        if constexpr (std::is_same_v<N, ast::IfExpr>) return bindIf(node, expr.range);
        if constexpr (std::is_same_v<N, ast::CallExpr>) return bindCall(node, expr.range);
      },
      expr.node);
}

std::optional<BoundExpr> ExprBinder::bindParam(const ast::ParamExpr& e, SourceRange range) {
  auto it = ctx_.params.find(e.name.name);
  if (it == ctx_.params.end()) {
    diags_.error(e.name.range, fmt::format("unknown parameter '{}'{}", e.name.name,
                                           didYouMean(e.name.name, ctx_.paramNames())));
    return std::nullopt;
  }
  if (ctx_.unusableParams.count(e.name.name)) return std::nullopt;
  return makeConst(it->second.value, range);
}

std::optional<BoundExpr> ExprBinder::bindColumn(const ast::ColumnExpr& column, SourceRange range) {
  const std::string& name = column.column.name;
  if (column.qualifier) {
    const std::string& q = column.qualifier->name;
    std::vector<std::string> qualifiers;
    for (const ScopeInput& in : scope_.inputs) {
      for (const std::string& candidate : in.qualifiers) {
        if (candidate != q) {
          qualifiers.push_back(candidate);
          continue;
        }
        if (in.state->poisoned.count(name)) return std::nullopt;
        int index = findColumn(*in.schema, name);
        if (index < 0) {
          if (in.state->complete) {
            std::vector<std::string> names;
            for (const ColumnInfo& c : *in.schema) names.push_back(c.name);
            diags_.error(column.column.range,
                         fmt::format("rowset '{}' has no column '{}'{}", q, name, didYouMean(name, names)));
          }
          return std::nullopt;
        }
        return makeColumn(in.input, in.offset + index, (*in.schema)[index].type, range);
      }
    }
    for (const ScopeInput& in : scope_.inputs)
      if (!in.state->complete && in.qualifiers.empty()) return std::nullopt;
    diags_.error(column.qualifier->range,
                 fmt::format("unknown rowset or alias '{}'{}", q, didYouMean(q, qualifiers)));
    return std::nullopt;
  }

  const ScopeInput* found = nullptr;
  int foundIndex = -1;
  std::vector<const ScopeInput*> matches;
  bool anyIncomplete = false;
  std::vector<std::string> visibleNames;
  for (const ScopeInput& in : scope_.inputs) {
    if (!in.unqualified) continue;
    if (in.state->poisoned.count(name)) return std::nullopt;
    anyIncomplete = anyIncomplete || !in.state->complete;
    int index = findColumn(*in.schema, name);
    if (index >= 0) {
      matches.push_back(&in);
      if (!found) {
        found = &in;
        foundIndex = index;
      }
    }
    for (const ColumnInfo& c : *in.schema) visibleNames.push_back(c.name);
  }
  if (matches.size() > 1) {
    std::string options;
    for (size_t i = 0; i < matches.size(); ++i) {
      if (matches[i]->qualifiers.empty()) continue;
      if (!options.empty()) options += i + 1 == matches.size() ? " or " : ", ";
      options += "'" + matches[i]->qualifiers.front() + "." + name + "'";
    }
    diags_.error(column.column.range,
                 options.empty() ? fmt::format("column '{}' is ambiguous", name)
                                 : fmt::format("column '{}' is ambiguous; qualify it as {}", name, options));
    return std::nullopt;
  }
  if (!found) {
    if (anyIncomplete) return std::nullopt;
    size_t visibleInputs = 0;
    const ScopeInput* only = nullptr;
    for (const ScopeInput& in : scope_.inputs)
      if (in.unqualified) {
        ++visibleInputs;
        only = &in;
      }
    std::string where = visibleInputs == 1 && !only->display.empty() ? " in " + only->display : "";
    diags_.error(column.column.range,
                 fmt::format("unknown column '{}'{}{}", name, where, didYouMean(name, visibleNames)));
    return std::nullopt;
  }
  return makeColumn(found->input, found->offset + foundIndex, (*found->schema)[foundIndex].type, range);
}

std::optional<BoundExpr> ExprBinder::bindUnary(const ast::UnaryExpr& e, SourceRange range) {
  std::optional<BoundExpr> operand = bind(*e.operand);
  if (!operand) return std::nullopt;
  bool negate = e.op == ast::UnaryOp::Negate;
  if (negate ? !isNumeric(operand->type) : operand->type != Type::Bool) {
    diags_.error(
        e.operand->range,
        negate ? fmt::format("operand of unary '-' must be int or float, got {}", typeName(operand->type))
               : fmt::format("operand of 'NOT' must be bool, got {}", typeName(operand->type)));
    return std::nullopt;
  }
  BoundExpr out;
  out.kind = BoundExpr::Kind::Unary;
  out.type = operand->type;
  out.range = range;
  out.unaryOp = e.op;
  out.args.push_back(std::move(*operand));
  return out;
}

std::optional<BoundExpr> ExprBinder::bindBinary(const ast::BinaryExpr& e, SourceRange range) {
  using B = ast::BinaryOp;
  std::optional<BoundExpr> lhs = bind(*e.lhs);
  std::optional<BoundExpr> rhs = bind(*e.rhs);
  const char* op = binaryOpText(e.op);
  // Checks one operand on its own, so the error points at the operand at fault.
  auto requireOperand = [&](const std::optional<BoundExpr>& side, const ast::Expr& at, bool okType,
                            const char* expected) {
    if (!side || okType) return true;
    diags_.error(at.range,
                 fmt::format("operand of '{}' must be {}, got {}", op, expected, typeName(side->type)));
    return false;
  };

  if (e.op == B::And || e.op == B::Or) {
    bool okL = requireOperand(lhs, *e.lhs, lhs && lhs->type == Type::Bool, "bool");
    bool okR = requireOperand(rhs, *e.rhs, rhs && rhs->type == Type::Bool, "bool");
    if (!lhs || !rhs || !okL || !okR) return std::nullopt;
    return makeBinary(e.op, Type::Bool, std::move(*lhs), std::move(*rhs), range);
  }
  if (e.op == B::Mod) {
    bool okL = requireOperand(lhs, *e.lhs, lhs && lhs->type == Type::Int, "int");
    bool okR = requireOperand(rhs, *e.rhs, rhs && rhs->type == Type::Int, "int");
    if (!lhs || !rhs || !okL || !okR) return std::nullopt;
    return makeBinary(e.op, Type::Int, std::move(*lhs), std::move(*rhs), range);
  }
  if (e.op == B::Add && lhs && rhs && (lhs->type == Type::String || rhs->type == Type::String)) {
    if (lhs->type != rhs->type) {
      diags_.error(range, fmt::format("cannot add {} and {} (use concat or to_string to join values as text)",
                                      typeName(lhs->type), typeName(rhs->type)));
      return std::nullopt;
    }
    return makeBinary(e.op, Type::String, std::move(*lhs), std::move(*rhs), range);
  }
  if (e.op == B::Add || e.op == B::Sub || e.op == B::Mul || e.op == B::Div) {
    // A failed string operand of '+' must not make its partner look wrong.
    const char* expected = e.op == B::Add ? "int, float or string" : "int or float";
    bool okL = requireOperand(lhs, *e.lhs,
                              lhs && (isNumeric(lhs->type) || (e.op == B::Add && lhs->type == Type::String)),
                              expected);
    bool okR = requireOperand(rhs, *e.rhs,
                              rhs && (isNumeric(rhs->type) || (e.op == B::Add && rhs->type == Type::String)),
                              expected);
    if (!lhs || !rhs || !okL || !okR) return std::nullopt;
    Type t = *commonType(lhs->type, rhs->type);
    return makeBinary(e.op, t, widenTo(std::move(*lhs), t), widenTo(std::move(*rhs), t), range);
  }
  // Comparisons.
  bool ordering = !(e.op == B::Eq || e.op == B::Ne);
  bool okL = !ordering || requireOperand(lhs, *e.lhs, lhs && lhs->type != Type::Bool, "int, float or string");
  bool okR = !ordering || requireOperand(rhs, *e.rhs, rhs && rhs->type != Type::Bool, "int, float or string");
  if (!lhs || !rhs || !okL || !okR) return std::nullopt;
  std::optional<Type> t = commonType(lhs->type, rhs->type);
  if (!t) {
    diags_.error(range, fmt::format("cannot compare {} with {}", typeName(lhs->type), typeName(rhs->type)));
    return std::nullopt;
  }
  return makeBinary(e.op, Type::Bool, widenTo(std::move(*lhs), *t), widenTo(std::move(*rhs), *t), range);
}

std::optional<BoundExpr> ExprBinder::bindIf(const ast::IfExpr& e, SourceRange range) {
  std::optional<BoundExpr> cond = bind(*e.cond);
  std::optional<BoundExpr> then = bind(*e.then);
  std::optional<BoundExpr> otherwise = bind(*e.otherwise);
  bool ok = true;
  if (cond && cond->type != Type::Bool) {
    diags_.error(e.cond->range, fmt::format("condition of IF must be bool, got {}", typeName(cond->type)));
    ok = false;
  }
  if (!cond || !then || !otherwise || !ok) return std::nullopt;
  std::optional<Type> t = commonType(then->type, otherwise->type);
  if (!t) {
    diags_.error(e.otherwise->range, fmt::format("branches of IF have different types: {} and {}",
                                                 typeName(then->type), typeName(otherwise->type)));
    return std::nullopt;
  }
  BoundExpr out;
  out.kind = BoundExpr::Kind::If;
  out.type = *t;
  out.range = range;
  out.args.push_back(std::move(*cond));
  out.args.push_back(widenTo(std::move(*then), *t));
  out.args.push_back(widenTo(std::move(*otherwise), *t));
  return out;
}

std::optional<BoundExpr> ExprBinder::bindCall(const ast::CallExpr& e, SourceRange range) {
  const std::string& name = e.function.name;
  if (lookupAggregate(name, e.args.size(), e.starArg)) {
    diags_.error(e.function.range,
                 fmt::format("aggregate function '{}' is not allowed in {}", name, scope_.clause));
    return std::nullopt;
  }
  std::optional<BuiltinFunc> func = lookupBuiltin(name);
  if (!func) {
    diags_.error(e.function.range,
                 fmt::format("unknown function '{}'{}", name, didYouMean(name, builtinNames())));
    return std::nullopt;
  }
  if (e.starArg) {
    diags_.error(range, fmt::format("'*' is only allowed in COUNT(*), not in '{}'", name));
    return std::nullopt;
  }
  std::vector<BoundExpr> args;
  bool ok = true;
  for (const ast::ExprPtr& arg : e.args) {
    std::optional<BoundExpr> bound = bind(*arg);
    if (!bound) {
      ok = false;
      continue;
    }
    args.push_back(std::move(*bound));
  }
  if (!ok) return std::nullopt;
  std::vector<Type> types;
  for (const BoundExpr& a : args) types.push_back(a.type);
  CallTyping typing = typeBuiltinCall(*func, types);
  if (!typing.result) {
    diags_.error(typing.badArg >= 0 ? e.args[typing.badArg]->range : range, typing.error);
    return std::nullopt;
  }
  BoundExpr out;
  out.kind = BoundExpr::Kind::Call;
  out.type = *typing.result;
  out.range = range;
  out.func = *func;
  for (size_t i = 0; i < args.size(); ++i)
    out.args.push_back(typing.castArgs[i] ? widenTo(std::move(args[i]), *typing.castArgs[i])
                                          : std::move(args[i]));
  return out;
}

}  // namespace popper::sema

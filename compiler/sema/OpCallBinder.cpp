// Operator call binding against the registry's signatures.
#include "compiler/sema/OpCallBinder.h"

#include <fmt/format.h>

#include <filesystem>
#include <set>

#include "common/NameSuggest.h"

namespace popper::sema {

std::optional<Literal> coerceLiteral(const Literal& value, Type type) {
  if (value.type() == type) return value;
  if (value.type() == Type::Int && type == Type::Float) return Literal{static_cast<double>(value.asInt())};
  return std::nullopt;
}

namespace {

std::string withArticle(OperatorKind kind) {
  bool vowel = kind == OperatorKind::Extractor || kind == OperatorKind::Outputter;
  return std::string(vowel ? "an " : "a ") + operatorKindName(kind);
}

const OperatorSignature* resolveOperator(SemaContext& ctx, const ast::OpCall& call, OperatorKind kind) {
  const std::string& name = call.op.name;
  if (const OperatorSignature* sig = ctx.registry.find(name, kind)) return sig;
  std::vector<const OperatorSignature*> others = ctx.registry.findAnyKind(name);
  if (!others.empty()) {
    ctx.diags.error(call.op.range, fmt::format("'{}' is {}, not {}", name, withArticle(others.front()->kind),
                                               withArticle(kind)));
    return nullptr;
  }
  const char* kindName = operatorKindName(kind);
  ctx.diags.error(call.op.range, fmt::format("unknown {} '{}'{}", kindName, name,
                                             ctx.importFailed ? " (the IMPORT that failed may define it)"
                                                              : didYouMean(name, ctx.registry.names(kind))));
  return nullptr;
}

// Binds one `name: value` argument; nullopt when it had an error (reported).
std::optional<BoundArg> bindArg(SemaContext& ctx, const OperatorSignature& sig, const OperatorArgSpec* spec,
                                const ast::OpArg& arg, const OpInput* input) {
  const ast::ArgValue& v = arg.value;
  BoundArg out;
  out.name = arg.name.name;
  out.range = v.range;
  std::string typeText = spec && spec->type ? typeName(*spec->type) : "";
  if (v.kind == ast::ArgValue::Kind::Column) {
    if (spec && !spec->acceptsColumn) {
      ctx.diags.error(
          v.range,
          fmt::format(
              "argument '{}' of '{}' must be a {} value, not a column name{}", out.name, sig.name, typeText,
              ctx.params.count(v.name.name) ? " (write @" + v.name.name + " for the parameter)" : ""));
      return std::nullopt;
    }
    if (!input || !input->schema) {
      ctx.diags.error(v.range, fmt::format("argument '{}' of '{}' cannot name a column: {} has no input rows",
                                           out.name, sig.name, withArticle(sig.kind)));
      return std::nullopt;
    }
    const std::string& col = v.name.name;
    if (input->state->poisoned.count(col)) return std::nullopt;
    int index = findColumn(*input->schema, col);
    if (index < 0) {
      if (input->state->complete) {
        std::vector<std::string> names;
        for (const ColumnInfo& c : *input->schema) names.push_back(c.name);
        ctx.diags.error(v.name.range, fmt::format("unknown column '{}' in {}{}", col, input->display,
                                                  didYouMean(col, names)));
      }
      return std::nullopt;
    }
    Type colType = (*input->schema)[index].type;
    if (spec && spec->type && *spec->type != colType) {
      ctx.diags.error(v.range, fmt::format("argument '{}' of '{}' must be a {} column, but '{}' is {}",
                                           out.name, sig.name, typeText, col, typeName(colType)));
      return std::nullopt;
    }
    out.isColumn = true;
    out.column = index;
    out.type = colType;
    return out;
  }

  Literal value;
  if (v.kind == ast::ArgValue::Kind::Param) {
    auto it = ctx.params.find(v.name.name);
    if (it == ctx.params.end()) {
      ctx.diags.error(v.name.range, fmt::format("unknown parameter '{}'{}", v.name.name,
                                                didYouMean(v.name.name, ctx.paramNames())));
      return std::nullopt;
    }
    if (ctx.unusableParams.count(v.name.name)) return std::nullopt;
    value = it->second.value;
  } else {
    value = v.literal;
  }
  if (spec && !spec->acceptsLiteral) {
    ctx.diags.error(v.range, fmt::format("argument '{}' of '{}' must name a{} column of {}, not a value",
                                         out.name, sig.name, typeText.empty() ? "" : " " + typeText,
                                         input ? input->display : "the input"));
    return std::nullopt;
  }
  if (spec && spec->type) {
    std::optional<Literal> coerced = coerceLiteral(value, *spec->type);
    if (!coerced) {
      ctx.diags.error(v.range, fmt::format("argument '{}' of '{}' must be {}, got {}", out.name, sig.name,
                                           typeText, typeName(value.type())));
      return std::nullopt;
    }
    value = *coerced;
  }
  out.value = value;
  out.type = value.type();
  return out;
}

}  // namespace

std::optional<BoundOpCall> bindOpCall(SemaContext& ctx, const ast::OpCall& call, OperatorKind kind,
                                      const OpInput* input) {
  const OperatorSignature* sig = resolveOperator(ctx, call, kind);
  if (!sig) return std::nullopt;
  BoundOpCall out;
  out.op = sig->name;
  out.signature = sig;
  out.range = call.range;
  out.workflowDir = std::filesystem::path(ctx.program.sourcePath).parent_path().string();

  std::map<std::string, BoundArg> given;
  std::vector<BoundArg> extras;  // accepted by operators with extraArgs, in the order written
  std::set<std::string> seen;
  std::vector<std::string> argNames;
  for (const OperatorArgSpec& spec : sig->args) argNames.push_back(spec.name);
  for (const ast::OpArg& arg : call.args) {
    const std::string& name = arg.name.name;
    if (!seen.insert(name).second) {
      ctx.diags.error(arg.name.range, fmt::format("argument '{}' is given twice", name));
      continue;
    }
    const OperatorArgSpec* spec = sig->arg(name);
    if (!spec && !sig->extraArgs) {
      ctx.diags.error(arg.name.range, fmt::format("'{}' has no argument '{}'{}", sig->name, name,
                                                  didYouMean(name, argNames)));
      continue;
    }
    std::optional<BoundArg> bound = bindArg(ctx, *sig, spec, arg, input);
    if (!bound) continue;
    if (spec)
      given.emplace(name, std::move(*bound));
    else
      extras.push_back(std::move(*bound));
  }

  for (const OperatorArgSpec& spec : sig->args) {
    auto it = given.find(spec.name);
    if (it != given.end()) {
      out.args.push_back(std::move(it->second));
    } else if (spec.defaultValue) {
      BoundArg def;
      def.name = spec.name;
      def.value = *spec.defaultValue;
      def.type = spec.defaultValue->type();
      def.range = call.range;
      out.args.push_back(std::move(def));
    } else if (spec.required && !seen.count(spec.name)) {
      ctx.diags.error(call.range,
                      fmt::format("missing required argument '{}' for '{}'", spec.name, sig->name));
    }
  }
  for (BoundArg& extra : extras) out.args.push_back(std::move(extra));
  return out;
}

}  // namespace popper::sema

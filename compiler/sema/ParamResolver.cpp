// PARAM resolution: declared type, default, outside value.
#include "compiler/sema/ParamResolver.h"

#include <fmt/format.h>

#include <charconv>

#include "common/NameSuggest.h"
#include "compiler/sema/OpCallBinder.h"

namespace popper::sema {

std::optional<Literal> parseValueAs(Type type, const std::string& text) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  switch (type) {
    case Type::String:
      return Literal{text};
    case Type::Int: {
      int64_t v = 0;
      auto [ptr, ec] = std::from_chars(begin, end, v);
      if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
      return Literal{v};
    }
    case Type::Float: {
      double v = 0;
      auto [ptr, ec] = std::from_chars(begin, end, v);
      if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
      return Literal{v};
    }
    case Type::Bool:
      if (text == "true") return Literal{true};
      if (text == "false") return Literal{false};
      return std::nullopt;
  }
  return std::nullopt;
}

void resolveParams(SemaContext& ctx, const ast::Workflow& workflow,
                   const std::map<std::string, std::string>& overrides,
                   const std::map<std::string, std::string>& origins) {
  std::map<std::string, SourceRange> declared;
  for (const ast::Statement& statement : workflow.statements) {
    const auto* param = std::get_if<ast::ParamStmt>(&statement.node);
    if (!param) continue;
    const std::string& name = param->name.name;
    if (auto previous = declared.find(name); previous != declared.end()) {
      ctx.diags.error(param->name.range, fmt::format("redefinition of parameter '{}'", name));
      ctx.diags.note(previous->second, "previous definition is here");
      continue;
    }
    declared.emplace(name, param->name.range);
    BoundParam bound;
    bound.name = name;
    bound.range = param->name.range;
    std::optional<Type> type = parseTypeName(param->typeName.name);
    bool usable = true;
    if (!type) {
      ctx.diags.error(param->typeName.range, fmt::format("unknown type '{}'{}", param->typeName.name,
                                                         didYouMeanType(param->typeName.name)));
      usable = false;
    } else {
      bound.type = *type;
    }
    std::optional<Literal> value;
    if (usable && param->defaultValue) {
      value = coerceLiteral(*param->defaultValue, *type);
      if (!value)
        ctx.diags.error(param->defaultRange,
                        fmt::format("default value of parameter '{}' must be {}, got {}", name,
                                    typeName(*type), typeName(param->defaultValue->type())));
    }
    if (auto given = overrides.find(name); usable && given != overrides.end()) {
      value = parseValueAs(*type, given->second);
      auto origin = origins.find(name);
      if (!value)
        ctx.diags.error(param->name.range,
                        fmt::format("value \"{}\" given {}for parameter '{}' is not {} {}", given->second,
                                    origin == origins.end() ? "" : origin->second + " ", name,
                                    *type == Type::Int ? "an" : "a", typeName(*type)));
    } else if (usable && !param->defaultValue) {
      ctx.diags.error(param->name.range,
                      fmt::format("parameter '{}' has no default value and none was given (use -p {}=VALUE)",
                                  name, name));
    }
    if (value)
      bound.value = *value;
    else
      ctx.unusableParams.insert(name);
    ctx.params.emplace(name, bound);
    ctx.program.params.push_back(std::move(bound));
  }
  // A PARAM dropped for a syntax error is known but has no usable value.
  for (const ast::Ident& broken : workflow.brokenParams) {
    if (!declared.emplace(broken.name, broken.range).second) continue;
    ctx.params.emplace(broken.name, BoundParam{});
    ctx.unusableParams.insert(broken.name);
  }
  std::vector<std::string> names;
  for (const auto& [name, range] : declared) names.push_back(name);
  for (const auto& [name, text] : overrides)
    if (!declared.count(name))
      ctx.diags.error(SourceRange{},
                      fmt::format("unknown parameter '{}' given from outside the workflow (no PARAM {}){}",
                                  name, name, didYouMean(name, names)));
}

}  // namespace popper::sema

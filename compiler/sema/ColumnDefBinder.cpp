// Column definitions and their match with operator signatures.
#include "compiler/sema/ColumnDefBinder.h"

#include <fmt/format.h>

#include "common/NameSuggest.h"
#include "compiler/sema/OpCallBinder.h"

namespace popper::sema {

Schema bindColumnDefs(SemaContext& ctx, const std::vector<ast::ColumnDef>& defs, ColumnDefSite site,
                      std::set<std::string>& poisoned) {
  Schema schema;
  for (const ast::ColumnDef& def : defs) {
    const std::string& name = def.name.name;
    if (findColumn(schema, name) >= 0) {
      ctx.diags.error(def.name.range, fmt::format("column '{}' is declared twice", name));
      continue;
    }
    ColumnInfo column;
    column.name = name;
    std::optional<Type> type = parseTypeName(def.typeName.name);
    if (!type) {
      ctx.diags.error(def.typeName.range, fmt::format("unknown type '{}'{}", def.typeName.name,
                                                      didYouMeanType(def.typeName.name)));
      poisoned.insert(name);
    } else {
      column.type = *type;
    }
    if (def.defaultValue) {
      if (site != ColumnDefSite::Extract) {
        ctx.diags.error(def.defaultRange, "only EXTRACT columns can have a default value");
      } else if (type) {
        std::optional<Literal> value = coerceLiteral(*def.defaultValue, *type);
        if (!value)
          ctx.diags.error(def.defaultRange,
                          fmt::format("default value of column '{}' must be {}, got {}", name,
                                      typeName(*type), typeName(def.defaultValue->type())));
        else
          column.defaultValue = *value;
      }
    }
    schema.push_back(std::move(column));
  }
  return schema;
}

void checkProducedColumns(SemaContext& ctx, const std::vector<ast::ColumnDef>& defs, const Schema& declared,
                          const std::set<std::string>& poisoned, const OperatorSignature& signature,
                          ColumnDefSite site) {
  if (signature.openProduce) return;
  const char* clause = site == ColumnDefSite::Extract ? "EXTRACT" : "PRODUCE";
  const std::vector<ProducedColumn>& produces = signature.produces;
  for (size_t i = 0; i < defs.size(); ++i) {
    const ast::ColumnDef& def = defs[i];
    const std::string& name = def.name.name;
    int index = findColumn(declared, name);
    if (index < 0 || poisoned.count(name)) continue;  // already reported
    Type type = declared[index].type;
    if (i < produces.size()) {
      if (produces[i].type != type)
        ctx.diags.error(
            def.typeName.range,
            fmt::format("'{}' output {} is {}:{}, but {} declares {}:{}", signature.name, i + 1,
                        produces[i].name, typeName(produces[i].type), clause, name, typeName(type)));
      continue;
    }
    if (site == ColumnDefSite::Extract) {
      if (!def.defaultValue)
        ctx.diags.error(def.name.range,
                        fmt::format("column '{}' needs a default value: '{}' provides only {} column{}", name,
                                    signature.name, produces.size(), produces.size() == 1 ? "" : "s"));
      continue;
    }
    ctx.diags.error(def.name.range,
                    fmt::format("'{}' produces {} column{}, but PRODUCE lists {}", signature.name,
                                produces.size(), produces.size() == 1 ? "" : "s", defs.size()));
    return;
  }
}

}  // namespace popper::sema

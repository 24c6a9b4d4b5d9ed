// SELECT: projections and their output names, JOIN keys, WHERE, and the
// GROUP BY rules (non-aggregated projections must be group keys, aggregates
// only where a grouped row exists, no nested aggregates, HAVING over keys,
// aggregates and output aliases).
//
// Output column names: the AS alias, else the column's name for a plain
// column reference (`t.col` is named `col`), else an error: a computed column
// needs AS. In HAVING, a bare name that is an output column reads that
// output column (so `COUNT(*) AS n ... HAVING n > 1` works).
#include <fmt/format.h>

#include <algorithm>

#include "compiler/sema/Builtins.h"
#include "compiler/sema/RelationBinder.h"

namespace popper::sema {
namespace {

bool containsAggregate(const ast::Expr& e) {
  if (asAggregateCall(e)) return true;
  return std::visit(
      [](const auto& node) -> bool {
        using N = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<N, ast::UnaryExpr>) return containsAggregate(*node.operand);
        if constexpr (std::is_same_v<N, ast::BinaryExpr>)
          return containsAggregate(*node.lhs) || containsAggregate(*node.rhs);
        if constexpr (std::is_same_v<N, ast::IfExpr>)
          return containsAggregate(*node.cond) || containsAggregate(*node.then) ||
                 containsAggregate(*node.otherwise);
        if constexpr (std::is_same_v<N, ast::CallExpr>) {
          for (const ast::ExprPtr& a : node.args)
            if (containsAggregate(*a)) return true;
        }
        return false;
      },
      e.node);
}

// One output column before it is checked for a name.
struct OutputColumn {
  std::string name;  // "" when the expression has none
  SourceRange nameRange;
  std::optional<BoundExpr> expr;  // nullopt: binding failed
  bool failedName = false;        // reported "computed column needs a name"
};

// Binds the grouped row: group keys then aggregates, as the intercept of an ExprBinder.
class GroupedBinding {
 public:
  GroupedBinding(SemaContext& ctx, const ExprScope& rowScope, std::vector<BoundExpr>& keys,
                 std::vector<BoundAggregate>& aggregates)
      : ctx_(ctx), rowScope_(rowScope), keys_(keys), aggregates_(aggregates) {}

  // Output columns visible to HAVING by name.
  void setOutputs(const std::vector<OutputColumn>* outputs) { outputs_ = outputs; }

  std::optional<std::optional<BoundExpr>> intercept(const ast::Expr& e) {
    if (const ast::CallExpr* call = asAggregateCall(e)) return bindAggregate(*call, e.range);
    const auto* column = std::get_if<ast::ColumnExpr>(&e.node);
    if (outputs_ && column && !column->qualifier) {
      for (const OutputColumn& out : *outputs_)
        if (out.name == column->column.name) {
          if (!out.expr) return std::optional<BoundExpr>();
          BoundExpr copy = *out.expr;
          copy.range = e.range;
          return std::optional<BoundExpr>(std::move(copy));
        }
    }
    // An expression equal to a group key reads that key.
    DiagnosticEngine scratch(ctx_.diags.file());
    ExprBinder silent(ctx_, rowScope_, &scratch);
    std::optional<BoundExpr> plain = silent.bind(e);
    if (plain && !scratch.hasErrors()) {
      for (size_t k = 0; k < keys_.size(); ++k)
        if (sameExpr(*plain, keys_[k]))
          return std::optional<BoundExpr>(makeColumn(0, static_cast<int>(k), plain->type, e.range));
    }
    if (column && plain) {
      ctx_.diags.error(column->column.range,
                       fmt::format("column '{}' must appear in GROUP BY or be used in an aggregate function",
                                   column->column.name));
      return std::optional<BoundExpr>();
    }
    return std::nullopt;  // the default rule binds it (and reports a bad name)
  }

 private:
  std::optional<BoundExpr> bindAggregate(const ast::CallExpr& call, SourceRange range) {
    std::optional<AggFunc> func = lookupAggregate(call.function.name, call.args.size(), call.starArg);
    BoundAggregate agg;
    agg.func = *func;
    agg.range = range;
    std::vector<Type> types;
    if (*func != AggFunc::CountStar) {
      ExprBinder argBinder(ctx_, rowScope_);
      argBinder.setIntercept([this](const ast::Expr& inner) -> std::optional<std::optional<BoundExpr>> {
        if (const ast::CallExpr* nested = asAggregateCall(inner)) {
          ctx_.diags.error(nested->function.range, "aggregate function calls cannot be nested");
          return std::optional<BoundExpr>();
        }
        return std::nullopt;
      });
      bool ok = true;
      std::vector<BoundExpr> args;
      for (const ast::ExprPtr& a : call.args) {
        std::optional<BoundExpr> bound = argBinder.bind(*a);
        if (!bound)
          ok = false;
        else
          args.push_back(std::move(*bound));
      }
      if (!ok) return std::nullopt;
      for (const BoundExpr& a : args) types.push_back(a.type);
      CallTyping typing = typeAggregateCall(*func, types);
      if (!typing.result) {
        ctx_.diags.error(typing.badArg >= 0 ? call.args[typing.badArg]->range : range, typing.error);
        return std::nullopt;
      }
      agg.arg = std::move(args[0]);
      agg.type = *typing.result;
    } else {
      agg.type = Type::Int;
    }
    size_t index = aggregates_.size();
    for (size_t i = 0; i < aggregates_.size(); ++i)
      if (aggregates_[i].func == agg.func &&
          (agg.func == AggFunc::CountStar || sameExpr(aggregates_[i].arg, agg.arg)))
        index = i;
    if (index == aggregates_.size()) aggregates_.push_back(agg);
    return makeColumn(0, static_cast<int>(keys_.size() + index), agg.type, range);
  }

  SemaContext& ctx_;
  const ExprScope& rowScope_;
  std::vector<BoundExpr>& keys_;
  std::vector<BoundAggregate>& aggregates_;
  const std::vector<OutputColumn>* outputs_ = nullptr;
};

}  // namespace

RelId RelationBinder::bindSelect(const ast::SelectRel& rel, BoundRelation out) {
  BoundSelect select;
  RelationState state;
  BoundSource from = bindSource(rel.from);
  select.input = from.id;
  state.inputs.push_back(from.id);
  std::optional<BoundSource> right;
  if (rel.join) {
    right = bindSource(rel.join->right);
    select.joinInput = right->id;
    state.inputs.push_back(right->id);
  }
  bool namesClash = false;  // then every `name.col` reads the left side: ON cannot be judged
  if (right)
    for (const std::string& q : right->qualifiers)
      if (std::find(from.qualifiers.begin(), from.qualifiers.end(), q) != from.qualifiers.end()) {
        namesClash = true;
        ctx_.diags.error(rel.join->right.range,
                         fmt::format("both sides of the JOIN are named '{}'; rename one with AS", q));
      }
  int leftWidth = static_cast<int>(ctx_.schemaOf(from.id).size());
  ExprScope rowScope;
  rowScope.inputs.push_back(scopeInput(from));
  if (right) rowScope.inputs.push_back(scopeInput(*right, 0, leftWidth));
  for (const ScopeInput& in : rowScope.inputs) state.complete = state.complete && in.state->complete;

  if (rel.join) {
    ExprScope onScope = rowScope;
    onScope.clause = "JOIN ON";
    EquiSplit split = splitEquiJoin(ctx_, *rel.join->on, onScope, leftWidth);
    if (split.leftKeys.empty() && !split.failed && !namesClash && from.id >= 0 && right->id >= 0)
      ctx_.diags.error(rel.join->on->range,
                       fmt::format("JOIN ON needs an equality between a column of {} and a column of {}",
                                   from.display, right->display));
    select.leftKeys = std::move(split.leftKeys);
    select.rightKeys = std::move(split.rightKeys);
    for (BoundExpr& residual : split.residual) {
      if (!select.joinResidual) {
        select.joinResidual = std::move(residual);
        continue;
      }
      BoundExpr both;
      both.kind = BoundExpr::Kind::Binary;
      both.type = Type::Bool;
      both.binaryOp = ast::BinaryOp::And;
      both.range = SourceRange::merge(select.joinResidual->range, residual.range);
      both.args.push_back(std::move(*select.joinResidual));
      both.args.push_back(std::move(residual));
      select.joinResidual = std::move(both);
    }
  }

  if (rel.where) {
    ExprScope whereScope = rowScope;
    whereScope.clause = "WHERE";
    select.where = ExprBinder(ctx_, whereScope).bindCondition(*rel.where, "WHERE condition");
  }

  select.grouped = !rel.groupBy.empty() || (rel.having && containsAggregate(*rel.having));
  for (const ast::SelectItem& item : rel.items)
    if (item.kind == ast::SelectItem::Kind::Expr && containsAggregate(*item.expr)) select.grouped = true;

  ExprScope groupScope = rowScope;
  groupScope.clause = "GROUP BY";
  bool keysOk = true;
  for (const ast::ExprPtr& key : rel.groupBy) {
    std::optional<BoundExpr> bound = ExprBinder(ctx_, groupScope).bind(*key);
    if (bound)
      select.groupKeys.push_back(std::move(*bound));
    else
      keysOk = false;
  }
  if (!keysOk) state.complete = false;  // a missing key would make every use of it look ungrouped

  GroupedBinding grouping(ctx_, rowScope, select.groupKeys, select.aggregates);
  ExprScope projectScope = rowScope;
  projectScope.clause = "SELECT";
  ExprBinder projector(ctx_, projectScope);
  if (select.grouped)
    projector.setIntercept([&grouping](const ast::Expr& e) { return grouping.intercept(e); });

  std::vector<OutputColumn> outputs;
  for (const ast::SelectItem& item : rel.items) {
    if (item.kind != ast::SelectItem::Kind::Expr) {
      if (select.grouped) {
        ctx_.diags.error(item.range, "'*' cannot be used with GROUP BY or aggregate functions");
        state.complete = false;
        continue;
      }
      bool matched = false;
      for (const ScopeInput& in : rowScope.inputs) {
        if (item.kind == ast::SelectItem::Kind::QualifiedStar &&
            std::find(in.qualifiers.begin(), in.qualifiers.end(), item.qualifier->name) ==
                in.qualifiers.end())
          continue;
        matched = true;
        if (!in.state->complete) state.complete = false;
        for (size_t i = 0; i < in.schema->size(); ++i) {
          const ColumnInfo& c = (*in.schema)[i];
          OutputColumn column{c.name, item.range, std::nullopt, false};
          if (!in.state->poisoned.count(c.name))
            column.expr = makeColumn(0, in.offset + static_cast<int>(i), c.type, item.range);
          outputs.push_back(std::move(column));
        }
      }
      if (!matched) {
        ctx_.diags.error(item.qualifier->range,
                         fmt::format("unknown rowset or alias '{}'", item.qualifier->name));
        state.complete = false;
      }
      continue;
    }
    OutputColumn column;
    column.expr = projector.bind(*item.expr);
    if (item.alias) {
      column.name = item.alias->name;
      column.nameRange = item.alias->range;
    } else if (const auto* ref = std::get_if<ast::ColumnExpr>(&item.expr->node)) {
      column.name = ref->column.name;
      column.nameRange = item.expr->range;
    } else {
      ctx_.diags.error(item.expr->range, "computed column needs a name (use AS)");
      column.failedName = true;
      state.complete = false;
    }
    outputs.push_back(std::move(column));
  }

  for (size_t i = 0; i < outputs.size(); ++i) {
    const OutputColumn& column = outputs[i];
    if (column.failedName) continue;
    bool duplicate = false;
    for (size_t j = 0; j < i && !duplicate; ++j) duplicate = outputs[j].name == column.name;
    if (duplicate) {
      ctx_.diags.error(column.nameRange,
                       fmt::format("duplicate output column '{}' (rename it with AS)", column.name));
      continue;
    }
    ColumnInfo info;
    info.name = column.name;
    if (column.expr) {
      info.type = column.expr->type;
      select.projections.push_back(*column.expr);
    } else {
      state.poisoned.insert(column.name);
      select.projections.push_back(makeConst(Literal{std::string()}, column.nameRange));
    }
    out.schema.push_back(std::move(info));
  }

  if (rel.having) {
    if (!select.grouped) {
      ctx_.diags.error(rel.having->range,
                       "HAVING needs GROUP BY or an aggregate function (use WHERE to filter rows)");
    } else {
      grouping.setOutputs(&outputs);
      ExprScope havingScope = rowScope;
      havingScope.clause = "HAVING";
      ExprBinder havingBinder(ctx_, havingScope);
      havingBinder.setIntercept([&grouping](const ast::Expr& e) { return grouping.intercept(e); });
      select.having = havingBinder.bindCondition(*rel.having, "HAVING condition");
    }
  }

  out.node = std::move(select);
  return ctx_.addRelation(std::move(out), std::move(state));
}

}  // namespace popper::sema

// Source-like node descriptions for the plan printers (see NodeDescription.h).
#include "compiler/plan/NodeDescription.h"

#include <algorithm>

#include "compiler/plan/ExprFormat.h"
#include "compiler/plan/HandlerGates.h"

namespace popper::plan {

namespace {

std::string joinList(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out;
}

std::string projections(const std::vector<BoundExpr>& exprs, const Schema& in, const Schema& out) {
  std::vector<std::string> items;
  for (size_t i = 0; i < exprs.size(); ++i) {
    std::string e = formatExpr(exprs[i], in);
    std::string name = i < out.size() ? out[i].name : "";
    items.push_back(e == name ? e : e + " AS " + name);
  }
  return "SELECT " + joinList(items);
}

std::string keys(const std::vector<BoundExpr>& exprs, const Schema& in) {
  std::vector<std::string> items;
  for (const BoundExpr& e : exprs) items.push_back(formatExpr(e, in));
  return joinList(items);
}

const char* eventuallyName(ast::Eventually e) {
  switch (e) {
    case ast::Eventually::Pass:
      return "PASS";
    case ast::Eventually::Drop:
      return "DROP";
    case ast::Eventually::Reject:
      return "REJECT";
  }
  return "?";
}

}  // namespace

std::string formatSchema(const Schema& schema) {
  std::vector<std::string> items;
  for (const ColumnInfo& c : schema) items.push_back(c.name + ":" + typeName(c.type));
  return joinList(items);
}

std::string describeAction(const Dataflow& flow, const PlanNode& handle, const HandleAction& a) {
  const PlanNode& target = flow.node(a.target);
  std::string name = target.name.empty() ? "#" + std::to_string(target.id) : target.name;
  const Schema& row = flow.node(handle.inputs[0]).schema;
  std::vector<std::string> sets;
  for (const BoundAssignment& s : a.assignments)
    sets.push_back(target.schema.at(static_cast<size_t>(s.column)).name + " = " +
                   formatExpr(s.value, row, &target.schema, name));
  std::string setText = sets.empty() ? "" : " SET " + joinList(sets);
  switch (a.kind) {
    case ast::ActionKind::EditSet:
      return "EDIT " + name + setText;
    case ast::ActionKind::EditUsing:
      return "EDIT " + name + " USING " +
             (a.op
                  ? formatOpCall(*a.op, target.inputs.empty() ? nullptr : &flow.node(target.inputs[0]).schema)
                  : "?");
    case ast::ActionKind::Append:
      return "APPEND TO " + name + setText;
    case ast::ActionKind::Delete:
      return "DELETE FROM " + name;
  }
  return "?";
}

std::vector<std::string> describeNode(const Dataflow& flow, const PlanNode& node) {
  auto in = [&](size_t i) -> const Schema& { return flow.node(node.inputs.at(i)).schema; };
  return std::visit(
      [&](const auto& p) -> std::vector<std::string> {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, ExtractNode>) {
          std::vector<std::string> lines{"FROM " + formatLiteral(Literal{p.path}) + " USING " +
                                         formatOpCall(p.extractor)};
          if (p.readColumns.size() != p.declared.size()) {
            std::vector<std::string> skipped;
            for (size_t c = 0; c < p.declared.size(); ++c)
              if (std::find(p.readColumns.begin(), p.readColumns.end(), static_cast<int>(c)) ==
                  p.readColumns.end())
                skipped.push_back(p.declared[c].name);
            lines.push_back("reads " + std::to_string(p.readColumns.size()) + " of " +
                            std::to_string(p.declared.size()) + " columns, skips " + joinList(skipped));
          }
          return lines;
        } else if constexpr (std::is_same_v<T, EmptyNode>) {
          return {"no rows"};
        } else if constexpr (std::is_same_v<T, FilterNode>) {
          return {"WHERE " + formatExpr(p.predicate, in(0))};
        } else if constexpr (std::is_same_v<T, ProjectNode>) {
          return {projections(p.exprs, in(0), node.schema)};
        } else if constexpr (std::is_same_v<T, PipelineNode>) {
          std::vector<std::string> lines;
          const Schema* row = &in(0);
          for (size_t i = 0; i < p.steps.size(); ++i) {
            const PipelineStep& s = p.steps[i];
            std::string text = s.kind == PipelineStep::Kind::Filter ? "WHERE " + formatExpr(s.predicate, *row)
                                                                    : projections(s.exprs, *row, s.schema);
            lines.push_back(std::to_string(i + 1) + ". " + text + (s.name.empty() ? "" : "  -- " + s.name));
            row = &s.schema;
          }
          return lines;
        } else if constexpr (std::is_same_v<T, JoinNode>) {
          std::vector<std::string> conds;
          for (size_t k = 0; k < p.leftKeys.size(); ++k)
            conds.push_back("left." + formatExpr(p.leftKeys[k], in(0)) + " == right." +
                            formatExpr(p.rightKeys[k], in(1)));
          return {"ON " + joinList(conds)};
        } else if constexpr (std::is_same_v<T, AggregateNode>) {
          std::vector<std::string> aggs;
          for (size_t a = 0; a < p.aggregates.size(); ++a)
            aggs.push_back(formatAggregate(p.aggregates[a], in(0)) + " AS " +
                           node.schema.at(p.keys.size() + a).name);
          std::vector<std::string> lines;
          if (!p.keys.empty()) lines.push_back("GROUP BY " + keys(p.keys, in(0)));
          lines.push_back("AGGREGATE " + joinList(aggs));
          return lines;
        } else if constexpr (std::is_same_v<T, UnionNode>) {
          return {"UNION of " + std::to_string(node.inputs.size()) + " inputs"};
        } else if constexpr (std::is_same_v<T, ProcessNode>) {
          return {"USING " + formatOpCall(p.processor, &in(0)) + " PRODUCE " + formatSchema(p.produce) +
                  (p.rowWise ? " (row-wise)" : "")};
        } else if constexpr (std::is_same_v<T, ReduceNode>) {
          std::vector<std::string> on;
          for (int c : p.keyColumns) on.push_back(in(0).at(static_cast<size_t>(c)).name);
          return {"ON " + joinList(on) + " USING " + formatOpCall(p.reducer, &in(0)) + " PRODUCE " +
                  formatSchema(p.produce)};
        } else if constexpr (std::is_same_v<T, CombineNode>) {
          std::vector<std::string> conds;
          for (size_t k = 0; k < p.leftKeys.size(); ++k)
            conds.push_back("left." + formatExpr(p.leftKeys[k], in(0)) + " == right." +
                            formatExpr(p.rightKeys[k], in(1)));
          return {"ON " + joinList(conds) + " USING " + formatOpCall(p.combiner) + " PRODUCE " +
                  formatSchema(p.produce)};
        } else if constexpr (std::is_same_v<T, HandleNode>) {
          std::vector<std::string> lines{"DETECT " + formatExpr(p.detect, in(0))};
          for (const HandleAction& a : p.actions) lines.push_back("CORRECT " + describeAction(flow, node, a));
          lines.push_back("RETRY " + std::to_string(p.retry) + " EVENTUALLY " + eventuallyName(p.eventually));
          if (gatesRetractions(flow, node.id))
            lines.push_back(
                "gate: holds every row a correction can retract, forwards insertions in canonical order");
          if (gatesRetractions(flow, node.id) && streamsCorrections(flow))
            lines.push_back(
                "streams corrections: decides each detected row as it arrives, no epoch barriers");
          return lines;
        } else if constexpr (std::is_same_v<T, OutputNode>) {
          std::string line = "TO " + formatLiteral(Literal{p.path}) + " USING " + formatOpCall(p.outputter);
          if (!p.orderBy.empty()) {
            std::vector<std::string> order;
            for (const BoundOrderKey& k : p.orderBy)
              order.push_back(formatExpr(k.expr, in(0)) + (k.descending ? " DESC" : ""));
            line += " ORDER BY " + joinList(order);
          }
          if (p.evaluate) {
            line += " EVALUATE AGAINST " + formatLiteral(Literal{p.evaluate->groundTruth});
            if (!p.evaluate->allColumns) line += " ON " + joinList(p.evaluate->columns);
          }
          return {line};
        }
      },
      node.payload);
}

}  // namespace popper::plan

// HANDLE: the DETECT condition, and each corrective action's back edge — its
// target must be a strict upstream ancestor of the handled rowset; SET
// columns must exist in the target with matching types (unqualified names
// read the detected row, `t.col` the traced row of t); EDIT t USING Op must
// recompute t's produced columns.
#include <fmt/format.h>

#include <algorithm>

#include "common/NameSuggest.h"
#include "compiler/sema/OpCallBinder.h"
#include "compiler/sema/RelationBinder.h"

namespace popper::sema {
namespace {

const char* relationKindName(const BoundRelation& rel) {
  static const char* const kNames[] = {"an EXTRACT", "a SELECT", "a PROCESS", "a REDUCE",
                                       "a COMBINE",  "a UNION",  "a HANDLE"};
  return kNames[rel.node.index()];
}

std::string columnsText(const std::vector<Type>& types, const std::vector<std::string>& names) {
  std::string text = "(";
  for (size_t i = 0; i < types.size(); ++i) {
    if (i) text += ", ";
    text += names[i] + ":" + typeName(types[i]);
  }
  return text + ")";
}

}  // namespace

RelId RelationBinder::bindHandle(const ast::HandleRel& rel, BoundRelation out) {
  BoundSource source = bindSource(rel.input);
  BoundHandle handle;
  handle.input = source.id;
  RelationState state;
  state.inputs = {source.id};
  state.isHandle = true;
  state.complete = ctx_.stateOf(source.id).complete;
  state.poisoned = ctx_.stateOf(source.id).poisoned;
  out.schema = ctx_.schemaOf(source.id);

  ExprScope detectScope;
  detectScope.inputs.push_back(scopeInput(source));
  detectScope.clause = "DETECT";
  if (std::optional<BoundExpr> detect =
          ExprBinder(ctx_, detectScope).bindCondition(*rel.detect, "DETECT condition"))
    handle.detect = std::move(*detect);

  std::set<RelId> upstream = ctx_.ancestors(source.id);
  for (const ast::Action& action : rel.actions) {
    BoundAction bound;
    bound.kind = action.kind;
    bound.range = action.range;
    const std::string& targetName = action.target.name;
    auto it = ctx_.rowsets.find(targetName);
    auto later = ctx_.definedLater.find(targetName);
    if (it == ctx_.rowsets.end() && later != ctx_.definedLater.end()) {
      // A target defined after the handler cannot feed it: the back-edge rule
      // explains the mistake better than "used before it is defined".
      if (source.id >= 0) {
        ctx_.diags.error(action.target.range, fmt::format("back edge target '{}' is not upstream of {}",
                                                          targetName, source.display));
        ctx_.diags.note(later->second, fmt::format("'{}' is defined here, after the handler", targetName));
      }
      continue;
    }
    if (it == ctx_.rowsets.end()) {
      ctx_.reportUndefinedRowset(action.target, "rowset");
      continue;
    }
    it->second.used = true;
    if (it->second.id < 0) continue;  // dropped for a syntax error, already reported
    bound.target = it->second.id;
    if (source.id >= 0 && !upstream.count(bound.target)) {
      ctx_.diags.error(action.target.range, fmt::format("back edge target '{}' is not upstream of {}",
                                                        targetName, source.display));
      continue;
    }
    const BoundRelation& target = ctx_.program.relations[bound.target];
    const RelationState& targetState = ctx_.states[bound.target];

    if (action.kind == ast::ActionKind::EditUsing && action.op) {
      const auto* process = std::get_if<BoundProcess>(&target.node);
      if (!process) {
        ctx_.diags.error(action.target.range,
                         fmt::format("EDIT USING recomputes rows of a PROCESS, but '{}' is {}", targetName,
                                     relationKindName(target)));
        continue;
      }
      const Schema& targetInput = ctx_.schemaOf(process->input);
      OpInput opInput{&targetInput, &ctx_.stateOf(process->input), "the input of '" + targetName + "'"};
      std::optional<BoundOpCall> call = bindOpCall(ctx_, *action.op, OperatorKind::Processor, &opInput);
      if (!call) continue;
      const OperatorSignature& sig = *call->signature;
      if (!sig.openProduce) {
        std::vector<Type> want, got;
        std::vector<std::string> wantNames, gotNames;
        for (const ColumnInfo& c : process->produce) {
          want.push_back(c.type);
          wantNames.push_back(c.name);
        }
        for (const ProducedColumn& c : sig.produces) {
          got.push_back(c.type);
          gotNames.push_back(c.name);
        }
        bool fits = got.size() >= want.size() && std::equal(want.begin(), want.end(), got.begin());
        if (!fits)
          ctx_.diags.error(action.op->op.range,
                           fmt::format("'{}' produces {}, but '{}' needs {}", sig.name,
                                       columnsText(got, gotNames), targetName, columnsText(want, wantNames)));
      }
      bound.op = std::move(*call);
      handle.actions.push_back(std::move(bound));
      continue;
    }

    // SET expressions: unqualified names read the detected row (input 0),
    // `target.col` the traced row of the target (input 1).
    ExprScope setScope;
    setScope.inputs.push_back(scopeInput(source));
    ScopeInput traced;
    traced.qualifiers = {targetName};
    traced.schema = &target.schema;
    traced.state = &targetState;
    traced.input = 1;
    traced.unqualified = false;
    traced.display = "'" + targetName + "'";
    setScope.inputs.push_back(traced);
    setScope.clause = "SET";
    ExprBinder binder(ctx_, setScope);
    std::set<std::string> assigned;
    for (const ast::Assignment& assignment : action.assignments) {
      const std::string& column = assignment.column.name;
      std::optional<BoundExpr> value = binder.bind(*assignment.value);
      if (!assigned.insert(column).second) {
        ctx_.diags.error(assignment.column.range, fmt::format("column '{}' is assigned twice", column));
        continue;
      }
      int index = findColumn(target.schema, column);
      if (index < 0) {
        if (targetState.complete) {
          std::vector<std::string> names;
          for (const ColumnInfo& c : target.schema) names.push_back(c.name);
          ctx_.diags.error(
              assignment.column.range,
              fmt::format("rowset '{}' has no column '{}'{}", targetName, column, didYouMean(column, names)));
        }
        continue;
      }
      if (!value || targetState.poisoned.count(column)) continue;
      Type want = target.schema[index].type;
      if (value->type != want && !(value->type == Type::Int && want == Type::Float)) {
        ctx_.diags.error(assignment.value->range,
                         fmt::format("column '{}' of '{}' is {}, but the value is {}", column, targetName,
                                     typeName(want), typeName(value->type)));
        continue;
      }
      bound.assignments.push_back({index, widenTo(std::move(*value), want)});
    }
    handle.actions.push_back(std::move(bound));
  }

  if (rel.retry) {
    if (*rel.retry < 0) ctx_.diags.error(rel.retryRange, "RETRY must be 0 or more");
    handle.retry = *rel.retry;
    handle.retryRange = rel.retryRange;
  }
  handle.eventually = rel.eventually;
  out.node = std::move(handle);
  return ctx_.addRelation(std::move(out), std::move(state));
}

}  // namespace popper::sema

// Sources and the relations whose schema comes from an operator or its
// inputs: EXTRACT, PROCESS, REDUCE, COMBINE, UNION.
#include "compiler/sema/RelationBinder.h"

#include <fmt/format.h>

#include "common/NameSuggest.h"
#include "common/StandardStreams.h"
#include "compiler/sema/ColumnDefBinder.h"
#include "compiler/sema/DeclaredBackEdgeCheck.h"
#include "compiler/sema/OpCallBinder.h"

namespace popper::sema {
namespace {

std::vector<std::string> columnNames(const Schema& schema) {
  std::vector<std::string> names;
  for (const ColumnInfo& c : schema) names.push_back(c.name);
  return names;
}

void collectColumns(const BoundExpr& e, std::vector<int>& out) {
  if (e.kind == BoundExpr::Kind::Column) out.push_back(e.column);
  for (const BoundExpr& a : e.args) collectColumns(a, out);
}

void shiftColumns(BoundExpr& e, int delta) {
  if (e.kind == BoundExpr::Kind::Column) e.column += delta;
  for (BoundExpr& a : e.args) shiftColumns(a, delta);
}

// True when `e` reads at least one column and all of them are in [begin, end).
bool readsOnly(const BoundExpr& e, int begin, int end) {
  std::vector<int> columns;
  collectColumns(e, columns);
  if (columns.empty()) return false;
  for (int c : columns)
    if (c < begin || c >= end) return false;
  return true;
}

std::string columnText(const ColumnInfo& c) { return c.name + ":" + typeName(c.type); }

// "input 'b'" for a named input, "input 2" for an unnamed one.
std::string unionInputName(const BoundSource& input) {
  return input.qualifiers.empty() ? input.display : "input " + input.display;
}

}  // namespace

void splitConjuncts(const ast::Expr& expr, std::vector<const ast::Expr*>& out) {
  if (const auto* b = std::get_if<ast::BinaryExpr>(&expr.node); b && b->op == ast::BinaryOp::And) {
    splitConjuncts(*b->lhs, out);
    splitConjuncts(*b->rhs, out);
    return;
  }
  out.push_back(&expr);
}

EquiSplit splitEquiJoin(SemaContext& ctx, const ast::Expr& on, const ExprScope& joinedScope, int leftWidth) {
  EquiSplit split;
  std::vector<const ast::Expr*> conjuncts;
  splitConjuncts(on, conjuncts);
  ExprBinder binder(ctx, joinedScope);
  for (const ast::Expr* conjunct : conjuncts) {
    std::optional<BoundExpr> bound = binder.bindCondition(*conjunct, joinedScope.clause + " condition");
    if (!bound) {
      split.failed = true;
      continue;
    }
    if (bound->kind == BoundExpr::Kind::Binary && bound->binaryOp == ast::BinaryOp::Eq) {
      BoundExpr& lhs = bound->args[0];
      BoundExpr& rhs = bound->args[1];
      bool straight = readsOnly(lhs, 0, leftWidth) && readsOnly(rhs, leftWidth, INT32_MAX);
      bool swapped = readsOnly(rhs, 0, leftWidth) && readsOnly(lhs, leftWidth, INT32_MAX);
      if (straight || swapped) {
        BoundExpr left = std::move(straight ? lhs : rhs);
        BoundExpr right = std::move(straight ? rhs : lhs);
        shiftColumns(right, -leftWidth);
        split.leftKeys.push_back(std::move(left));
        split.rightKeys.push_back(std::move(right));
        continue;
      }
    }
    split.residual.push_back(std::move(*bound));
  }
  return split;
}

std::string resolvePath(SemaContext& ctx, const ast::PathRef& path) {
  if (!path.isParam) return path.path;
  auto it = ctx.params.find(path.path);
  if (it == ctx.params.end()) {
    ctx.diags.error(path.range, fmt::format("unknown parameter '{}'{}", path.path,
                                            didYouMean(path.path, ctx.paramNames())));
    return "";
  }
  if (ctx.unusableParams.count(path.path)) return "";
  if (it->second.type != Type::String) {
    ctx.diags.error(path.range, fmt::format("parameter '{}' is {}, but a path must be a string", path.path,
                                            typeName(it->second.type)));
    return "";
  }
  return it->second.value.asString();
}

RelId RelationBinder::bind(const ast::Relation& rel, const std::string& name) {
  BoundRelation out;
  out.name = name;
  out.range = rel.range;
  return std::visit(
      [&](const auto& node) -> RelId {
        using N = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<N, ast::ExtractRel>) return bindExtract(node, std::move(out));
        if constexpr (std::is_same_v<N, ast::SelectRel>) return bindSelect(node, std::move(out));
        if constexpr (std::is_same_v<N, ast::ProcessRel>) return bindProcess(node, std::move(out));
        if constexpr (std::is_same_v<N, ast::ReduceRel>) return bindReduce(node, std::move(out));
        if constexpr (std::is_same_v<N, ast::CombineRel>) return bindCombine(node, std::move(out));
        if constexpr (std::is_same_v<N, ast::UnionRel>) return bindUnion(node, std::move(out));
        if constexpr (std::is_same_v<N, ast::HandleRel>) return bindHandle(node, std::move(out));
      },
      rel.node);
}

BoundSource RelationBinder::bindSource(const ast::Source& source) {
  BoundSource out;
  out.range = source.range;
  if (source.name) {
    const std::string& name = source.name->name;
    auto it = ctx_.rowsets.find(name);
    if (it == ctx_.rowsets.end()) {
      ctx_.reportUndefinedRowset(*source.name, "rowset");
    } else {
      it->second.used = true;
      out.id = it->second.id;
    }
    out.qualifiers.push_back(source.alias ? source.alias->name : name);
    out.display = "'" + out.qualifiers.front() + "'";
    return out;
  }
  out.id = bind(*source.nested, "");
  if (source.alias) {
    out.qualifiers.push_back(source.alias->name);
    out.display = "'" + source.alias->name + "'";
  } else {
    out.display = "the nested relation";
  }
  return out;
}

ScopeInput RelationBinder::scopeInput(const BoundSource& source, int input, int offset) const {
  ScopeInput in;
  in.qualifiers = source.qualifiers;
  in.schema = &ctx_.schemaOf(source.id);
  in.state = &ctx_.stateOf(source.id);
  in.input = input;
  in.offset = offset;
  in.display = source.display;
  return in;
}

RelId RelationBinder::bindExtract(const ast::ExtractRel& rel, BoundRelation out) {
  RelationState state;
  out.schema = bindColumnDefs(ctx_, rel.columns, ColumnDefSite::Extract, state.poisoned);
  BoundExtract extract;
  extract.path = resolvePath(ctx_, rel.path);
  if (isStandardStream(extract.path)) {
    // A stream can be read once: a second reader would get nothing.
    if (ctx_.standardInput) {
      ctx_.diags.error(rel.path.range, "standard input ('-') can be read by one EXTRACT only");
      ctx_.diags.note(*ctx_.standardInput, "the other EXTRACT reading it is here");
    } else {
      ctx_.standardInput = rel.path.range;
    }
  }
  if (std::optional<BoundOpCall> call = bindOpCall(ctx_, rel.extractor, OperatorKind::Extractor, nullptr)) {
    checkProducedColumns(ctx_, rel.columns, out.schema, state.poisoned, *call->signature,
                         ColumnDefSite::Extract);
    extract.extractor = std::move(*call);
  }
  out.node = std::move(extract);
  return ctx_.addRelation(std::move(out), std::move(state));
}

RelId RelationBinder::bindProcess(const ast::ProcessRel& rel, BoundRelation out) {
  BoundSource input = bindSource(rel.input);
  const Schema& inSchema = ctx_.schemaOf(input.id);
  const RelationState& inState = ctx_.stateOf(input.id);
  BoundProcess process;
  process.input = input.id;
  RelationState state;
  state.inputs = {input.id};
  state.complete = inState.complete;

  OpInput opInput{&inSchema, &inState, input.display};
  std::optional<BoundOpCall> call = bindOpCall(ctx_, rel.processor, OperatorKind::Processor, &opInput);
  std::set<std::string> producePoisoned;
  process.produce = bindColumnDefs(ctx_, rel.produce, ColumnDefSite::Produce, producePoisoned);
  if (call) {
    checkProducedColumns(ctx_, rel.produce, process.produce, producePoisoned, *call->signature,
                         ColumnDefSite::Produce);
    checkDeclaredBackEdges(ctx_, *call, input.id, input.display);
    process.processor = std::move(*call);
  }
  // Input columns first, minus those a produced column of the same name shadows.
  for (size_t i = 0; i < inSchema.size(); ++i) {
    if (findColumn(process.produce, inSchema[i].name) >= 0) continue;
    process.passthrough.push_back(static_cast<int>(i));
    out.schema.push_back(inSchema[i]);
    if (inState.poisoned.count(inSchema[i].name)) state.poisoned.insert(inSchema[i].name);
  }
  for (const ColumnInfo& c : process.produce) out.schema.push_back(c);
  state.poisoned.insert(producePoisoned.begin(), producePoisoned.end());
  out.node = std::move(process);
  return ctx_.addRelation(std::move(out), std::move(state));
}

RelId RelationBinder::bindReduce(const ast::ReduceRel& rel, BoundRelation out) {
  BoundSource input = bindSource(rel.input);
  const Schema& inSchema = ctx_.schemaOf(input.id);
  const RelationState& inState = ctx_.stateOf(input.id);
  BoundReduce reduce;
  reduce.input = input.id;
  RelationState state;
  state.inputs = {input.id};
  for (const ast::Ident& key : rel.on) {
    int index = findColumn(inSchema, key.name);
    if (index >= 0) {
      reduce.keyColumns.push_back(index);
    } else if (inState.complete && !inState.poisoned.count(key.name)) {
      ctx_.diags.error(key.range, fmt::format("unknown column '{}' in {}{}", key.name, input.display,
                                              didYouMean(key.name, columnNames(inSchema))));
    }
  }
  OpInput opInput{&inSchema, &inState, input.display};
  std::optional<BoundOpCall> call = bindOpCall(ctx_, rel.reducer, OperatorKind::Reducer, &opInput);
  reduce.produce = bindColumnDefs(ctx_, rel.produce, ColumnDefSite::Produce, state.poisoned);
  if (call) {
    checkProducedColumns(ctx_, rel.produce, reduce.produce, state.poisoned, *call->signature,
                         ColumnDefSite::Produce);
    reduce.reducer = std::move(*call);
  }
  out.schema = reduce.produce;
  out.node = std::move(reduce);
  return ctx_.addRelation(std::move(out), std::move(state));
}

RelId RelationBinder::bindCombine(const ast::CombineRel& rel, BoundRelation out) {
  BoundSource left = bindSource(rel.left);
  BoundSource right = bindSource(rel.right);
  BoundCombine combine;
  combine.left = left.id;
  combine.right = right.id;
  RelationState state;
  state.inputs = {left.id, right.id};

  int leftWidth = static_cast<int>(ctx_.schemaOf(left.id).size());
  ExprScope scope;
  scope.inputs = {scopeInput(left), scopeInput(right, 0, leftWidth)};
  scope.clause = "COMBINE ON";
  EquiSplit split = splitEquiJoin(ctx_, *rel.on, scope, leftWidth);
  for (const BoundExpr& residual : split.residual)
    ctx_.diags.error(
        residual.range,
        fmt::format("COMBINE ON accepts only equalities between a column of {} and a column of {}",
                    left.display, right.display));
  if (split.leftKeys.empty() && split.residual.empty() && !split.failed && left.id >= 0 && right.id >= 0)
    ctx_.diags.error(rel.on->range,
                     fmt::format("COMBINE ON needs an equality between a column of {} and a column of {}",
                                 left.display, right.display));
  combine.leftKeys = std::move(split.leftKeys);
  combine.rightKeys = std::move(split.rightKeys);

  std::optional<BoundOpCall> call = bindOpCall(ctx_, rel.combiner, OperatorKind::Combiner, nullptr);
  combine.produce = bindColumnDefs(ctx_, rel.produce, ColumnDefSite::Produce, state.poisoned);
  if (call) {
    checkProducedColumns(ctx_, rel.produce, combine.produce, state.poisoned, *call->signature,
                         ColumnDefSite::Produce);
    combine.combiner = std::move(*call);
  }
  out.schema = combine.produce;
  out.node = std::move(combine);
  return ctx_.addRelation(std::move(out), std::move(state));
}

RelId RelationBinder::bindUnion(const ast::UnionRel& rel, BoundRelation out) {
  BoundUnion unionNode;
  RelationState state;
  std::vector<BoundSource> inputs;
  for (const ast::Source& source : rel.inputs) inputs.push_back(bindSource(source));
  // Unnamed inputs are told apart by position: "input 2 has ..., but input 1 has ...".
  for (size_t i = 0; i < inputs.size(); ++i)
    if (inputs[i].qualifiers.empty()) inputs[i].display = fmt::format("input {}", i + 1);
  const BoundSource* reference = nullptr;
  for (const BoundSource& input : inputs) {
    unionNode.inputs.push_back(input.id);
    state.inputs.push_back(input.id);
    const RelationState& inState = ctx_.stateOf(input.id);
    state.complete = state.complete && inState.complete;
    state.poisoned.insert(inState.poisoned.begin(), inState.poisoned.end());
    if (!inState.complete) continue;
    if (!reference) {
      reference = &input;
      continue;
    }
    const Schema& want = ctx_.schemaOf(reference->id);
    const Schema& got = ctx_.schemaOf(input.id);
    if (want.size() != got.size()) {
      ctx_.diags.error(input.range,
                       fmt::format("UNION {} has {} column{}, but {} has {}", unionInputName(input),
                                   got.size(), got.size() == 1 ? "" : "s", reference->display, want.size()));
      continue;
    }
    for (size_t i = 0; i < want.size(); ++i) {
      if (want[i].name == got[i].name && want[i].type == got[i].type) continue;
      ctx_.diags.error(input.range,
                       fmt::format("UNION {} has column {} {}, but {} has {}", unionInputName(input), i + 1,
                                   columnText(got[i]), reference->display, columnText(want[i])));
      break;
    }
  }
  if (reference)
    out.schema = ctx_.schemaOf(reference->id);
  else
    state.complete = false;
  out.node = std::move(unionNode);
  return ctx_.addRelation(std::move(out), std::move(state));
}

}  // namespace popper::sema

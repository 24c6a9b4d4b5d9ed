// BoundProgram -> Dataflow (see Lowering.h).
#include "compiler/plan/Lowering.h"

#include <map>

#include "compiler/sema/OperatorRegistry.h"

namespace popper::plan {

namespace {

class Lowerer {
 public:
  explicit Lowerer(const BoundProgram& program) : program_(program) {}

  Dataflow run() {
    for (const BoundRelation& rel : program_.relations) {
      NodeId last = std::visit([&](const auto& node) { return lower(rel, node); }, rel.node);
      if (!rel.name.empty()) flow_.node(last).name = rel.name;
      relNode_[rel.id] = last;
      if (!rel.name.empty()) byName_[rel.name] = last;
    }
    for (const BoundOutput& out : program_.outputs) {
      OutputNode o{out.path, out.outputter, out.orderBy, out.evaluate};
      add({node(out.input)}, std::move(o), out.range);
    }
    addDeclaredBackEdges();
    flow_.syncBackEdges();
    return std::move(flow_);
  }

 private:
  NodeId node(RelId rel) const { return relNode_.at(rel); }

  NodeId add(std::vector<NodeId> inputs, NodePayload payload, SourceRange range,
             const Schema& namesHint = {}) {
    PlanNode n;
    n.schema = deriveSchema(flow_, inputs, payload, namesHint);
    n.inputs = std::move(inputs);
    n.payload = std::move(payload);
    n.range = range;
    return flow_.add(std::move(n));
  }

  NodeId lower(const BoundRelation& rel, const BoundExtract& e) {
    ExtractNode x{e.path, e.extractor, rel.schema, {}};
    for (size_t i = 0; i < rel.schema.size(); ++i) x.readColumns.push_back(static_cast<int>(i));
    return add({}, std::move(x), rel.range);
  }

  NodeId lower(const BoundRelation& rel, const BoundSelect& s) {
    NodeId cur = node(s.input);
    if (s.joinInput >= 0) cur = add({cur, node(s.joinInput)}, JoinNode{s.leftKeys, s.rightKeys}, rel.range);
    if (s.joinResidual) cur = add({cur}, FilterNode{*s.joinResidual}, s.joinResidual->range);
    if (s.where) cur = add({cur}, FilterNode{*s.where}, s.where->range);
    if (s.grouped)
      cur = add({cur}, AggregateNode{s.groupKeys, s.aggregates}, rel.range, groupedNames(rel, s, cur));
    if (s.having) cur = add({cur}, FilterNode{*s.having}, s.having->range);
    // An identity projection is left out, unless it would hide the name of
    // the rowset it reads (`a = SELECT * FROM b` keeps a node called a).
    bool nameTaken = !rel.name.empty() && !flow_.node(cur).name.empty();
    if (isIdentity(s.projections, flow_.node(cur).schema, rel.schema) && !nameTaken) return cur;
    return add({cur}, ProjectNode{s.projections}, rel.range, rel.schema);
  }

  // Names of the grouped row: a projection that is just a key or an aggregate
  // lends it its output name; the rest are named after what they compute.
  Schema groupedNames(const BoundRelation& rel, const BoundSelect& s, NodeId input) const {
    size_t width = s.groupKeys.size() + s.aggregates.size();
    Schema names;
    const Schema& in = flow_.node(input).schema;
    for (size_t i = 0; i < s.groupKeys.size(); ++i) {
      const BoundExpr& k = s.groupKeys[i];
      bool plainColumn = k.kind == BoundExpr::Kind::Column && k.input == 0;
      names.push_back({plainColumn ? in.at(static_cast<size_t>(k.column)).name : "key" + std::to_string(i),
                       k.type, std::nullopt});
    }
    for (size_t i = 0; i < s.aggregates.size(); ++i)
      names.push_back({"agg" + std::to_string(i), s.aggregates[i].type, std::nullopt});
    for (size_t c = 0; c < s.projections.size() && c < rel.schema.size(); ++c) {
      const BoundExpr& p = s.projections[c];
      if (p.kind == BoundExpr::Kind::Column && p.input == 0 && p.column >= 0 &&
          static_cast<size_t>(p.column) < width &&
          (static_cast<size_t>(p.column) >= s.groupKeys.size() ||
           names[static_cast<size_t>(p.column)].name.rfind("key", 0) == 0))
        names[static_cast<size_t>(p.column)].name = rel.schema[c].name;
    }
    return names;
  }

  static bool isIdentity(const std::vector<BoundExpr>& exprs, const Schema& in, const Schema& out) {
    if (exprs.size() != in.size() || out.size() != in.size()) return false;
    for (size_t i = 0; i < exprs.size(); ++i)
      if (exprs[i].kind != BoundExpr::Kind::Column || exprs[i].input != 0 ||
          exprs[i].column != static_cast<int>(i) || in[i].name != out[i].name)
        return false;
    return true;
  }

  NodeId lower(const BoundRelation& rel, const BoundProcess& p) {
    bool rowWise = p.processor.signature && p.processor.signature->rowWise;
    return add({node(p.input)}, ProcessNode{p.processor, p.produce, p.passthrough, rowWise}, rel.range);
  }

  NodeId lower(const BoundRelation& rel, const BoundReduce& r) {
    return add({node(r.input)}, ReduceNode{r.keyColumns, r.reducer, r.produce}, rel.range);
  }

  NodeId lower(const BoundRelation& rel, const BoundCombine& c) {
    return add({node(c.left), node(c.right)}, CombineNode{c.leftKeys, c.rightKeys, c.combiner, c.produce},
               rel.range);
  }

  NodeId lower(const BoundRelation& rel, const BoundUnion& u) {
    std::vector<NodeId> inputs;
    for (RelId in : u.inputs) inputs.push_back(node(in));
    return add(std::move(inputs), UnionNode{}, rel.range);
  }

  NodeId lower(const BoundRelation& rel, const BoundHandle& h) {
    HandleNode handle;
    handle.detect = h.detect;
    handle.retry = h.retry;
    handle.eventually = h.eventually;
    for (const BoundAction& a : h.actions)
      handle.actions.push_back({a.kind, node(a.target), a.assignments, a.op, a.range});
    return add({node(h.input)}, std::move(handle), rel.range);
  }

  // A PROCESS whose operator declares back edges (docs/error-handling.md) names the
  // target rowset in a string argument.
  void addDeclaredBackEdges() {
    for (const PlanNode& n : flow_.nodes) {
      if (!n.is<ProcessNode>()) continue;
      const BoundOpCall& call = n.as<ProcessNode>().processor;
      if (!call.signature) continue;
      for (const DeclaredBackEdge& d : call.signature->backEdges) {
        const BoundArg* arg = call.arg(d.targetArg);
        if (!arg || arg->isColumn || arg->value.type() != Type::String) continue;
        auto target = byName_.find(arg->value.asString());
        if (target == byName_.end() || target->second >= n.id) continue;
        flow_.backEdges.push_back({n.id, target->second, backEdgeLabelFor(d.action), -1});
      }
    }
  }

  const BoundProgram& program_;
  Dataflow flow_;
  std::map<RelId, NodeId> relNode_;
  std::map<std::string, NodeId> byName_;
};

}  // namespace

Dataflow lowerProgram(const BoundProgram& program) { return Lowerer(program).run(); }

}  // namespace popper::plan

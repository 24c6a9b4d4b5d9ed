// The dataflow verifier (see Verifier.h).
#include "compiler/plan/Verifier.h"

#include <set>
#include <string>

namespace popper::plan {

namespace {

class Checker {
 public:
  explicit Checker(const Dataflow& flow) : flow_(flow) {}

  Status run() {
    for (size_t i = 0; i < flow_.size(); ++i) {
      const PlanNode& n = flow_.nodes[i];
      where_ = std::string(nodeKindName(n.kind())) + " #" + std::to_string(i);
      if (n.id != static_cast<NodeId>(i)) return fail("has id " + std::to_string(n.id));
      for (NodeId in : n.inputs)
        if (in < 0 || in >= n.id) return fail("reads #" + std::to_string(in) + ", not an earlier node");
      if (!checkArity(n)) return fail("has " + std::to_string(n.inputs.size()) + " inputs");
      checkNode(n);
      if (!error_.empty()) return Status::internal(error_);
    }
    checkBackEdges();
    if (!error_.empty()) return Status::internal(error_);
    return Status::ok();
  }

 private:
  Status fail(const std::string& what) {
    return Status::internal("plan verification: " + where_ + " " + what);
  }
  void note(const std::string& what) {
    if (error_.empty()) error_ = "plan verification: " + where_ + " " + what;
  }
  const Schema& in(const PlanNode& n, size_t i) const { return flow_.node(n.inputs.at(i)).schema; }

  static bool checkArity(const PlanNode& n) {
    size_t k = n.inputs.size();
    switch (n.kind()) {
      case NodeKind::Extract:
      case NodeKind::Empty:
        return k == 0;
      case NodeKind::Join:
      case NodeKind::Combine:
        return k == 2;
      case NodeKind::Union:
        return k >= 1;
      default:
        return k == 1;
    }
  }

  void checkExpr(const BoundExpr& e, const Schema& row, const Schema* traced, const std::string& what) {
    if (e.kind == BoundExpr::Kind::Column) {
      const Schema* s = e.input == 0 ? &row : e.input == 1 ? traced : nullptr;
      if (!s) return note(what + " reads input " + std::to_string(e.input) + " that does not exist");
      if (e.column < 0 || static_cast<size_t>(e.column) >= s->size())
        return note(what + " reads column " + std::to_string(e.column) + " of " + std::to_string(s->size()));
      if ((*s)[static_cast<size_t>(e.column)].type != e.type)
        return note(what + " reads column " + (*s)[static_cast<size_t>(e.column)].name + " as " +
                    typeName(e.type) + " but it is " + typeName((*s)[static_cast<size_t>(e.column)].type));
    }
    if (e.kind == BoundExpr::Kind::Const && e.value.type() != e.type)
      return note(what + " has a " + typeName(e.value.type()) + " constant typed " + typeName(e.type));
    for (const BoundExpr& a : e.args) checkExpr(a, row, traced, what);
  }

  void expectType(const BoundExpr& e, Type t, const std::string& what) {
    if (e.type != t) note(what + " is " + typeName(e.type) + ", expected " + typeName(t));
  }

  void checkSchema(const PlanNode& n) {
    Schema expected = deriveSchema(flow_, n.inputs, n.payload, n.schema);
    if (expected.size() != n.schema.size())
      return note("has " + std::to_string(n.schema.size()) + " columns, its payload makes " +
                  std::to_string(expected.size()));
    for (size_t c = 0; c < expected.size(); ++c) {
      if (expected[c].type != n.schema[c].type)
        return note("column " + n.schema[c].name + " is " + typeName(n.schema[c].type) +
                    ", its payload makes " + typeName(expected[c].type));
      if (expected[c].name != n.schema[c].name)
        return note("column " + std::to_string(c) + " is named " + n.schema[c].name + ", its payload makes " +
                    expected[c].name);
    }
  }

  void checkOpArgs(const BoundOpCall& call, const Schema& input) {
    for (const BoundArg& a : call.args)
      if (a.isColumn && (a.column < 0 || static_cast<size_t>(a.column) >= input.size()))
        note("argument " + a.name + " of " + call.op + " reads column " + std::to_string(a.column) + " of " +
             std::to_string(input.size()));
  }

  void checkKeys(const std::vector<BoundExpr>& left, const std::vector<BoundExpr>& right, const PlanNode& n) {
    if (left.size() != right.size()) return note("has unpaired join keys");
    for (size_t k = 0; k < left.size(); ++k) {
      checkExpr(left[k], in(n, 0), nullptr, "left key");
      checkExpr(right[k], in(n, 1), nullptr, "right key");
      if (left[k].type != right[k].type) note("joins keys of different types");
    }
  }

  void checkNode(const PlanNode& n) {
    checkSchema(n);
    std::visit(
        [&](const auto& p) {
          using T = std::decay_t<decltype(p)>;
          if constexpr (std::is_same_v<T, ExtractNode>) {
            std::set<int> seen;
            for (int c : p.readColumns)
              if (c < 0 || static_cast<size_t>(c) >= p.declared.size() || !seen.insert(c).second)
                note("reads declared column " + std::to_string(c) + " twice or out of range");
          } else if constexpr (std::is_same_v<T, FilterNode>) {
            checkExpr(p.predicate, in(n, 0), nullptr, "predicate");
            expectType(p.predicate, Type::Bool, "predicate");
          } else if constexpr (std::is_same_v<T, ProjectNode>) {
            for (const BoundExpr& e : p.exprs) checkExpr(e, in(n, 0), nullptr, "projection");
          } else if constexpr (std::is_same_v<T, PipelineNode>) {
            const Schema* row = &in(n, 0);
            for (const PipelineStep& step : p.steps) {
              if (step.kind == PipelineStep::Kind::Filter) {
                checkExpr(step.predicate, *row, nullptr, "pipeline filter");
                expectType(step.predicate, Type::Bool, "pipeline filter");
                if (step.schema.size() != row->size()) note("pipeline filter step changes the schema");
              } else {
                if (step.exprs.size() != step.schema.size()) note("pipeline project step has a wrong schema");
                for (size_t c = 0; c < step.exprs.size(); ++c) {
                  checkExpr(step.exprs[c], *row, nullptr, "pipeline projection");
                  if (c < step.schema.size())
                    expectType(step.exprs[c], step.schema[c].type, "pipeline projection");
                }
              }
              row = &step.schema;
            }
          } else if constexpr (std::is_same_v<T, JoinNode>) {
            checkKeys(p.leftKeys, p.rightKeys, n);
          } else if constexpr (std::is_same_v<T, AggregateNode>) {
            for (const BoundExpr& k : p.keys) checkExpr(k, in(n, 0), nullptr, "group key");
            for (const BoundAggregate& a : p.aggregates)
              if (a.func != AggFunc::CountStar) checkExpr(a.arg, in(n, 0), nullptr, "aggregate");
          } else if constexpr (std::is_same_v<T, UnionNode>) {
            for (size_t i = 1; i < n.inputs.size(); ++i) {
              const Schema& a = in(n, 0);
              const Schema& b = in(n, i);
              bool same = a.size() == b.size();
              for (size_t c = 0; same && c < a.size(); ++c)
                same = a[c].name == b[c].name && a[c].type == b[c].type;
              if (!same) note("unites inputs of different schemas");
            }
          } else if constexpr (std::is_same_v<T, ProcessNode>) {
            checkOpArgs(p.processor, in(n, 0));
            for (int c : p.passthrough)
              if (c < 0 || static_cast<size_t>(c) >= in(n, 0).size()) note("passes through a missing column");
          } else if constexpr (std::is_same_v<T, ReduceNode>) {
            checkOpArgs(p.reducer, in(n, 0));
            for (int c : p.keyColumns)
              if (c < 0 || static_cast<size_t>(c) >= in(n, 0).size()) note("reduces on a missing column");
          } else if constexpr (std::is_same_v<T, CombineNode>) {
            checkKeys(p.leftKeys, p.rightKeys, n);
          } else if constexpr (std::is_same_v<T, HandleNode>) {
            checkExpr(p.detect, in(n, 0), nullptr, "detect");
            expectType(p.detect, Type::Bool, "detect");
            for (const HandleAction& a : p.actions) {
              if (a.target < 0 || a.target >= n.id) {
                note("targets #" + std::to_string(a.target) + ", not an earlier node");
                continue;
              }
              const Schema& target = flow_.node(a.target).schema;
              for (const BoundAssignment& s : a.assignments) {
                if (s.column < 0 || static_cast<size_t>(s.column) >= target.size()) {
                  note("sets a missing column of its target");
                  continue;
                }
                checkExpr(s.value, in(n, 0), &target, "set value");
                expectType(s.value, target[static_cast<size_t>(s.column)].type, "set value");
              }
            }
          } else if constexpr (std::is_same_v<T, OutputNode>) {
            for (const BoundOrderKey& k : p.orderBy) checkExpr(k.expr, in(n, 0), nullptr, "order key");
          }
        },
        n.payload);
  }

  // Every handler action has its back edge, and every back edge goes to a
  // strict ancestor of its source.
  void checkBackEdges() {
    where_ = "back edges";
    std::vector<std::vector<NodeId>> inputs(flow_.size());
    for (const PlanNode& n : flow_.nodes) inputs[static_cast<size_t>(n.id)] = n.inputs;
    for (const BackEdge& b : flow_.backEdges) {
      if (b.from < 0 || static_cast<size_t>(b.from) >= flow_.size() || b.to < 0 || b.to >= b.from)
        return note("has an edge #" + std::to_string(b.from) + " -> #" + std::to_string(b.to) +
                    " out of order");
      if (!isAncestor(b.to, b.from))
        return note("#" + std::to_string(b.to) + " is not an ancestor of #" + std::to_string(b.from));
      if (b.action >= 0) {
        const PlanNode& h = flow_.node(b.from);
        if (!h.is<HandleNode>() || static_cast<size_t>(b.action) >= h.as<HandleNode>().actions.size() ||
            h.as<HandleNode>().actions[static_cast<size_t>(b.action)].target != b.to)
          return note("edge #" + std::to_string(b.from) + " -> #" + std::to_string(b.to) +
                      " matches no handler action");
      }
    }
    for (const PlanNode& n : flow_.nodes) {
      if (!n.is<HandleNode>()) continue;
      const auto& actions = n.as<HandleNode>().actions;
      for (size_t i = 0; i < actions.size(); ++i) {
        bool found = false;
        for (const BackEdge& b : flow_.backEdges)
          found = found || (b.from == n.id && b.action == static_cast<int>(i) && b.to == actions[i].target);
        if (!found)
          return note("miss the edge of action " + std::to_string(i) + " of Handle #" + std::to_string(n.id));
      }
    }
  }

  bool isAncestor(NodeId ancestor, NodeId of) const {
    std::vector<bool> seen(flow_.size(), false);
    std::vector<NodeId> todo{of};
    while (!todo.empty()) {
      NodeId v = todo.back();
      todo.pop_back();
      for (NodeId in : flow_.node(v).inputs) {
        if (in == ancestor) return true;
        if (!seen[static_cast<size_t>(in)]) {
          seen[static_cast<size_t>(in)] = true;
          todo.push_back(in);
        }
      }
    }
    return false;
  }

  const Dataflow& flow_;
  std::string where_;
  std::string error_;
};

}  // namespace

Status verifyDataflow(const Dataflow& flow) { return Checker(flow).run(); }

}  // namespace popper::plan

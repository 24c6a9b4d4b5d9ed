// The fluent test builder of dataflows (see DataflowBuilder.h).
#include "tests/support/DataflowBuilder.h"

#include <stdexcept>

#include "compiler/plan/ExprUtil.h"
#include "compiler/sema/Builtins.h"

namespace popper::plan {

namespace {

BoundExpr widen(BoundExpr e, Type to) {
  if (e.type == to) return e;
  BoundExpr cast;
  cast.kind = BoundExpr::Kind::Cast;
  cast.type = to;
  cast.args.push_back(std::move(e));
  return cast;
}

Ex binary(ast::BinaryOp op, Ex a, Ex b) {
  return {[op, a, b](const Schema& row, const Schema* t) {
    BoundExpr l = a.resolve(row, t), r = b.resolve(row, t);
    BoundExpr e;
    e.kind = BoundExpr::Kind::Binary;
    e.binaryOp = op;
    bool logical = op == ast::BinaryOp::And || op == ast::BinaryOp::Or;
    bool comparison = op >= ast::BinaryOp::Eq && op <= ast::BinaryOp::Ge;
    if (!logical && l.type != r.type) {
      if ((l.type == Type::Int || l.type == Type::Float) && (r.type == Type::Int || r.type == Type::Float)) {
        l = widen(std::move(l), Type::Float);
        r = widen(std::move(r), Type::Float);
      } else {
        throw std::logic_error("builder: operands of different types");
      }
    }
    e.type = logical || comparison ? Type::Bool : l.type;
    e.args.push_back(std::move(l));
    e.args.push_back(std::move(r));
    return e;
  }};
}

std::string trimmed(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\n");
  return s.substr(b, e - b + 1);
}

BoundOpCall opCall(std::string name) {
  BoundOpCall call;
  call.op = std::move(name);
  return call;
}

}  // namespace

Ex col(std::string name) {
  return {[name](const Schema& row, const Schema*) {
    int c = findColumn(row, name);
    if (c < 0) throw std::logic_error("builder: no column " + name);
    return makeColumn(c, row[static_cast<size_t>(c)].type);
  }};
}

Ex traced(std::string name) {
  return {[name](const Schema&, const Schema* t) {
    int c = t ? findColumn(*t, name) : -1;
    if (c < 0) throw std::logic_error("builder: no traced column " + name);
    return makeColumn(c, (*t)[static_cast<size_t>(c)].type, 1);
  }};
}

Ex lit(int64_t v) {
  return {[v](const Schema&, const Schema*) { return makeConst(Literal{v}); }};
}
Ex lit(int v) { return lit(static_cast<int64_t>(v)); }
Ex lit(double v) {
  return {[v](const Schema&, const Schema*) { return makeConst(Literal{v}); }};
}
Ex lit(const char* v) { return lit(std::string(v)); }
Ex lit(std::string v) {
  return {[v](const Schema&, const Schema*) { return makeConst(Literal{v}); }};
}
Ex lit(bool v) {
  return {[v](const Schema&, const Schema*) { return makeConst(Literal{v}); }};
}

Ex fn(BuiltinFunc f, std::vector<Ex> args) {
  return {[f, args](const Schema& row, const Schema* t) {
    BoundExpr e;
    e.kind = BoundExpr::Kind::Call;
    e.func = f;
    std::vector<Type> types;
    for (const Ex& a : args) {
      e.args.push_back(a.resolve(row, t));
      types.push_back(e.args.back().type);
    }
    CallTyping typing = typeBuiltinCall(f, types);
    if (!typing.result) throw std::logic_error("builder: " + typing.error);
    for (size_t i = 0; i < typing.castArgs.size() && i < e.args.size(); ++i)
      if (typing.castArgs[i]) e.args[i] = widen(std::move(e.args[i]), *typing.castArgs[i]);
    e.type = *typing.result;
    return e;
  }};
}

Ex ifThen(Ex cond, Ex then, Ex otherwise) {
  return {[cond, then, otherwise](const Schema& row, const Schema* t) {
    BoundExpr e;
    e.kind = BoundExpr::Kind::If;
    BoundExpr a = then.resolve(row, t), b = otherwise.resolve(row, t);
    if (a.type != b.type) {
      a = widen(std::move(a), Type::Float);
      b = widen(std::move(b), Type::Float);
    }
    e.type = a.type;
    e.args.push_back(cond.resolve(row, t));
    e.args.push_back(std::move(a));
    e.args.push_back(std::move(b));
    return e;
  }};
}

Ex operator+(Ex a, Ex b) { return binary(ast::BinaryOp::Add, std::move(a), std::move(b)); }
Ex operator-(Ex a, Ex b) { return binary(ast::BinaryOp::Sub, std::move(a), std::move(b)); }
Ex operator*(Ex a, Ex b) { return binary(ast::BinaryOp::Mul, std::move(a), std::move(b)); }
Ex operator/(Ex a, Ex b) { return binary(ast::BinaryOp::Div, std::move(a), std::move(b)); }
Ex operator%(Ex a, Ex b) { return binary(ast::BinaryOp::Mod, std::move(a), std::move(b)); }
Ex operator==(Ex a, Ex b) { return binary(ast::BinaryOp::Eq, std::move(a), std::move(b)); }
Ex operator!=(Ex a, Ex b) { return binary(ast::BinaryOp::Ne, std::move(a), std::move(b)); }
Ex operator<(Ex a, Ex b) { return binary(ast::BinaryOp::Lt, std::move(a), std::move(b)); }
Ex operator<=(Ex a, Ex b) { return binary(ast::BinaryOp::Le, std::move(a), std::move(b)); }
Ex operator>(Ex a, Ex b) { return binary(ast::BinaryOp::Gt, std::move(a), std::move(b)); }
Ex operator>=(Ex a, Ex b) { return binary(ast::BinaryOp::Ge, std::move(a), std::move(b)); }
Ex operator&&(Ex a, Ex b) { return binary(ast::BinaryOp::And, std::move(a), std::move(b)); }
Ex operator||(Ex a, Ex b) { return binary(ast::BinaryOp::Or, std::move(a), std::move(b)); }

Ex operator!(Ex a) {
  return {[a](const Schema& row, const Schema* t) {
    BoundExpr e;
    e.kind = BoundExpr::Kind::Unary;
    e.unaryOp = ast::UnaryOp::Not;
    e.type = Type::Bool;
    e.args.push_back(a.resolve(row, t));
    return e;
  }};
}

Ex operator-(Ex a) {
  return {[a](const Schema& row, const Schema* t) {
    BoundExpr e;
    e.kind = BoundExpr::Kind::Unary;
    e.unaryOp = ast::UnaryOp::Negate;
    e.args.push_back(a.resolve(row, t));
    e.type = e.args[0].type;
    return e;
  }};
}

Schema parseSchema(const std::string& columns) {
  Schema out;
  size_t start = 0;
  while (start <= columns.size()) {
    size_t comma = columns.find(',', start);
    std::string item =
        trimmed(columns.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (!item.empty()) {
      size_t colon = item.find(':');
      if (colon == std::string::npos) throw std::logic_error("builder: column without a type: " + item);
      auto type = parseTypeName(trimmed(item.substr(colon + 1)));
      if (!type) throw std::logic_error("builder: bad type in " + item);
      out.push_back({trimmed(item.substr(0, colon)), *type, std::nullopt});
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

BuilderAction editSet(NodeId target, std::vector<std::pair<std::string, Ex>> set) {
  return {ast::ActionKind::EditSet, target, std::move(set), ""};
}
BuilderAction appendTo(NodeId target, std::vector<std::pair<std::string, Ex>> set) {
  return {ast::ActionKind::Append, target, std::move(set), ""};
}
BuilderAction deleteFrom(NodeId target) { return {ast::ActionKind::Delete, target, {}, ""}; }
BuilderAction editUsing(NodeId target, std::string op) {
  return {ast::ActionKind::EditUsing, target, {}, std::move(op)};
}

const Schema& DataflowBuilder::currentSchema() const {
  if (current_ == kNoNode) throw std::logic_error("builder: no current node");
  return flow_.node(current_).schema;
}

int DataflowBuilder::column(const Schema& schema, const std::string& name) const {
  int c = findColumn(schema, name);
  if (c < 0) throw std::logic_error("builder: no column " + name);
  return c;
}

DataflowBuilder& DataflowBuilder::addNode(std::vector<NodeId> inputs, NodePayload payload,
                                          const Schema& namesHint) {
  PlanNode node;
  node.schema = deriveSchema(flow_, inputs, payload, namesHint);
  node.inputs = std::move(inputs);
  node.payload = std::move(payload);
  current_ = flow_.add(std::move(node));
  return *this;
}

DataflowBuilder& DataflowBuilder::extract(std::string path, const std::string& columns,
                                          std::string extractor) {
  ExtractNode e;
  e.path = std::move(path);
  e.extractor = opCall(std::move(extractor));
  e.declared = parseSchema(columns);
  for (size_t i = 0; i < e.declared.size(); ++i) e.readColumns.push_back(static_cast<int>(i));
  return addNode({}, std::move(e));
}

DataflowBuilder& DataflowBuilder::empty(const std::string& columns) {
  return addNode({}, EmptyNode{}, parseSchema(columns));
}

DataflowBuilder& DataflowBuilder::filter(Ex predicate) {
  return addNode({current_}, FilterNode{predicate.resolve(currentSchema(), nullptr)});
}

DataflowBuilder& DataflowBuilder::project(std::vector<std::pair<std::string, Ex>> columns) {
  ProjectNode p;
  Schema names;
  for (auto& [name, ex] : columns) {
    p.exprs.push_back(ex.resolve(currentSchema(), nullptr));
    names.push_back({name, p.exprs.back().type, std::nullopt});
  }
  return addNode({current_}, std::move(p), names);
}

DataflowBuilder& DataflowBuilder::process(std::string op, const std::string& produce,
                                          std::vector<std::pair<std::string, std::string>> columnArgs,
                                          bool rowWise) {
  const Schema& in = currentSchema();
  ProcessNode p;
  p.processor = opCall(std::move(op));
  p.produce = parseSchema(produce);
  p.rowWise = rowWise;
  for (auto& [arg, colName] : columnArgs) {
    BoundArg a;
    a.name = arg;
    a.isColumn = true;
    a.column = column(in, colName);
    a.type = in[static_cast<size_t>(a.column)].type;
    p.processor.args.push_back(a);
  }
  for (size_t i = 0; i < in.size(); ++i)
    if (findColumn(p.produce, in[i].name) < 0) p.passthrough.push_back(static_cast<int>(i));
  return addNode({current_}, std::move(p));
}

DataflowBuilder& DataflowBuilder::join(NodeId right, const std::string& leftKey,
                                       const std::string& rightKey) {
  const Schema& l = currentSchema();
  const Schema& r = flow_.node(right).schema;
  JoinNode j;
  j.leftKeys.push_back(col(leftKey).resolve(l, nullptr));
  j.rightKeys.push_back(col(rightKey).resolve(r, nullptr));
  return addNode({current_, right}, std::move(j));
}

DataflowBuilder& DataflowBuilder::aggregate(std::vector<std::string> keys, std::vector<AggSpec> aggregates) {
  const Schema& in = currentSchema();
  AggregateNode a;
  Schema names;
  for (const std::string& k : keys) {
    a.keys.push_back(col(k).resolve(in, nullptr));
    names.push_back({k, a.keys.back().type, std::nullopt});
  }
  for (const AggSpec& spec : aggregates) {
    BoundAggregate agg;
    agg.func = spec.func;
    std::vector<Type> types;
    if (spec.func != AggFunc::CountStar) {
      agg.arg = col(spec.column).resolve(in, nullptr);
      types.push_back(agg.arg.type);
    }
    CallTyping typing = typeAggregateCall(spec.func, types);
    if (!typing.result) throw std::logic_error("builder: " + typing.error);
    agg.type = *typing.result;
    a.aggregates.push_back(agg);
    names.push_back({spec.name, agg.type, std::nullopt});
  }
  return addNode({current_}, std::move(a), names);
}

DataflowBuilder& DataflowBuilder::unionWith(std::vector<NodeId> others) {
  std::vector<NodeId> inputs{current_};
  inputs.insert(inputs.end(), others.begin(), others.end());
  return addNode(std::move(inputs), UnionNode{});
}

DataflowBuilder& DataflowBuilder::reduce(std::vector<std::string> keys, std::string op,
                                         const std::string& produce) {
  ReduceNode r;
  for (const std::string& k : keys) r.keyColumns.push_back(column(currentSchema(), k));
  r.reducer = opCall(std::move(op));
  r.produce = parseSchema(produce);
  return addNode({current_}, std::move(r));
}

DataflowBuilder& DataflowBuilder::combine(NodeId right, const std::string& leftKey,
                                          const std::string& rightKey, std::string op,
                                          const std::string& produce) {
  CombineNode c;
  c.leftKeys.push_back(col(leftKey).resolve(currentSchema(), nullptr));
  c.rightKeys.push_back(col(rightKey).resolve(flow_.node(right).schema, nullptr));
  c.combiner = opCall(std::move(op));
  c.produce = parseSchema(produce);
  return addNode({current_, right}, std::move(c));
}

DataflowBuilder& DataflowBuilder::handle(Ex detect, std::vector<BuilderAction> actions, int64_t retry,
                                         ast::Eventually eventually) {
  const Schema& in = currentSchema();
  HandleNode h;
  h.detect = detect.resolve(in, nullptr);
  h.retry = retry;
  h.eventually = eventually;
  for (BuilderAction& a : actions) {
    HandleAction action;
    action.kind = a.kind;
    action.target = a.target;
    const Schema& target = flow_.node(a.target).schema;
    for (auto& [colName, value] : a.set) {
      BoundAssignment assignment;
      assignment.column = column(target, colName);
      assignment.value = value.resolve(in, &target);
      action.assignments.push_back(std::move(assignment));
    }
    if (a.kind == ast::ActionKind::EditUsing) action.op = opCall(a.op);
    h.actions.push_back(std::move(action));
  }
  return addNode({current_}, std::move(h));
}

DataflowBuilder& DataflowBuilder::output(std::string path, std::vector<std::string> orderBy,
                                         std::string outputter) {
  OutputNode o;
  o.path = std::move(path);
  o.outputter = opCall(std::move(outputter));
  for (const std::string& k : orderBy) o.orderBy.push_back({col(k).resolve(currentSchema(), nullptr), false});
  return addNode({current_}, std::move(o));
}

DataflowBuilder& DataflowBuilder::named(std::string name) {
  flow_.node(current_).name = std::move(name);
  return *this;
}

DataflowBuilder& DataflowBuilder::from(NodeId id) {
  flow_.node(id);  // bounds check
  current_ = id;
  return *this;
}

DataflowBuilder& DataflowBuilder::capture(NodeId& out) {
  out = current_;
  return *this;
}

Dataflow DataflowBuilder::build() {
  flow_.syncBackEdges();
  return flow_;
}

}  // namespace popper::plan

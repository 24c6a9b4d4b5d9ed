// A fluent builder of dataflows for tests (Velox PlanBuilder style): plans in
// one line, expressions written by column name and resolved against the
// schema of the node they are attached to.
//
//   NodeId lines;
//   Dataflow flow = DataflowBuilder()
//       .extract("in.txt", "line:string, translated:bool").named("lines").capture(lines)
//       .process("Sentiment", "sentiment:string, confidence:float", {{"text", "line"}})
//       .filter(fn(BuiltinFunc::Len, {col("line")}) > lit(3))
//       .output("out.csv")
//       .build();
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/plan/Dataflow.h"

namespace popper::plan {

// An expression by column names; resolved (typed, int->float widened, columns
// turned into indices) when the builder attaches it to a node.
struct Ex {
  std::function<BoundExpr(const Schema& row, const Schema* traced)> resolve;
};

Ex col(std::string name);     // a column of the row
Ex traced(std::string name);  // t.col: a column of a handler's traced row
Ex lit(int64_t v);
Ex lit(int v);
Ex lit(double v);
Ex lit(const char* v);
Ex lit(std::string v);
Ex lit(bool v);
Ex fn(BuiltinFunc f, std::vector<Ex> args);
Ex ifThen(Ex cond, Ex then, Ex otherwise);
Ex operator+(Ex a, Ex b);
Ex operator-(Ex a, Ex b);
Ex operator*(Ex a, Ex b);
Ex operator/(Ex a, Ex b);
Ex operator%(Ex a, Ex b);
Ex operator==(Ex a, Ex b);
Ex operator!=(Ex a, Ex b);
Ex operator<(Ex a, Ex b);
Ex operator<=(Ex a, Ex b);
Ex operator>(Ex a, Ex b);
Ex operator>=(Ex a, Ex b);
Ex operator&&(Ex a, Ex b);
Ex operator||(Ex a, Ex b);
Ex operator!(Ex a);
Ex operator-(Ex a);

// "id:int, seg:string" -> Schema (whitespace ignored).
Schema parseSchema(const std::string& columns);

struct BuilderAction {
  ast::ActionKind kind = ast::ActionKind::EditSet;
  NodeId target = kNoNode;
  std::vector<std::pair<std::string, Ex>> set;  // column of the target = value
  std::string op;                               // EditUsing
};
BuilderAction editSet(NodeId target, std::vector<std::pair<std::string, Ex>> set);
BuilderAction appendTo(NodeId target, std::vector<std::pair<std::string, Ex>> set = {});
BuilderAction deleteFrom(NodeId target);
BuilderAction editUsing(NodeId target, std::string op);

struct AggSpec {
  std::string name;
  AggFunc func = AggFunc::CountStar;
  std::string column;  // "" for COUNT(*)
};

class DataflowBuilder {
 public:
  // Sources start a new chain; the other calls consume the current node.
  DataflowBuilder& extract(std::string path, const std::string& columns, std::string extractor = "Csv");
  DataflowBuilder& empty(const std::string& columns);
  DataflowBuilder& filter(Ex predicate);
  DataflowBuilder& project(std::vector<std::pair<std::string, Ex>> columns);
  // PROCESS keeping every input column not shadowed by a produced one;
  // columnArgs are operator arguments bound to columns: {arg name, column name}.
  DataflowBuilder& process(std::string op, const std::string& produce,
                           std::vector<std::pair<std::string, std::string>> columnArgs = {},
                           bool rowWise = true);
  DataflowBuilder& join(NodeId right, const std::string& leftKey, const std::string& rightKey);
  DataflowBuilder& aggregate(std::vector<std::string> keys, std::vector<AggSpec> aggregates);
  DataflowBuilder& unionWith(std::vector<NodeId> others);
  DataflowBuilder& reduce(std::vector<std::string> keys, std::string op, const std::string& produce);
  DataflowBuilder& combine(NodeId right, const std::string& leftKey, const std::string& rightKey,
                           std::string op, const std::string& produce);
  DataflowBuilder& handle(Ex detect, std::vector<BuilderAction> actions, int64_t retry = 1,
                          ast::Eventually eventually = ast::Eventually::Reject);
  DataflowBuilder& output(std::string path, std::vector<std::string> orderBy = {},
                          std::string outputter = "Csv");

  DataflowBuilder& named(std::string name);  // the current node's rowset name
  DataflowBuilder& from(NodeId id);          // continue from an existing node
  DataflowBuilder& capture(NodeId& out);     // store the current node's id
  NodeId current() const { return current_; }
  const Dataflow& peek() const { return flow_; }

  Dataflow build();  // back edges synced from the handlers

 private:
  DataflowBuilder& addNode(std::vector<NodeId> inputs, NodePayload payload, const Schema& namesHint = {});
  const Schema& currentSchema() const;
  int column(const Schema& schema, const std::string& name) const;

  Dataflow flow_;
  NodeId current_ = kNoNode;
};

}  // namespace popper::plan

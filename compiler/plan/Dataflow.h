// The logical reactive dataflow (docs/design.md, "Stage by stage"): the plan the optimizer
// rewrites and the runtime executes. Velox/Substrait style: every node is a
// value with an id, its inputs (ids), its output schema and a payload per
// operator kind. Nodes live in one vector, edges hold ids, so the cycles made
// by handler back edges need no owning pointers.
//
// Invariants (checked by opt/Verifier after every pass):
//  - nodes[i].id == i, and the vector is topological: every input id < the
//    consumer's id (forward edges only; back edges go from a Handle "up" to a
//    strict ancestor, so they always point to a smaller id).
//  - every BoundExpr's Column refers to the schema it reads (see each payload)
//    and has that column's type.
//  - backEdges lists exactly the Handle actions' targets (plus back edges that
//    operators declare in their signatures, action == -1).
//
// Column conventions, per payload (input 0 of a BoundExpr = "the row"):
//  Extract   no inputs; schema = declared columns picked by readColumns, in order
//  Empty     no inputs; produces no rows (what `fold` leaves of a WHERE false)
//  Filter    1 input;  predicate over the input schema; schema = input schema
//  Project   1 input;  exprs over the input schema, one per output column
//  Pipeline  1 input;  steps in order, each over the previous step's output
//            (the first over the input); schema = the last step's schema
//  Join      2 inputs (left, right); keys over each side; schema = left ++ right;
//            a residual ON condition is a Filter above the Join
//  Aggregate 1 input;  keys and aggregate args over the input;
//            schema = keys ++ aggregates
//  Union     n inputs, identical schemas; schema = that schema
//  Process   1 input;  op args' column indices into the input;
//            schema = input[passthrough...] ++ produce
//  Reduce    1 input;  keyColumns into the input; schema = produce
//  Combine   2 inputs; keys over each side; schema = produce
//  Handle    1 input;  detect over the input; schema = input schema;
//            an action's assignment values read input 0 = the detected row
//            (the handler's input schema) and input 1 = the traced row of the
//            target (the target node's schema); assignment.column indexes the
//            target's schema
//  Output    1 input;  order keys over the input; schema = input schema
//            (what the outputter writes)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/Schema.h"
#include "compiler/ast/Ast.h"
#include "compiler/sema/BoundExpr.h"
#include "compiler/sema/BoundProgram.h"

namespace popper::plan {

using NodeId = int;  // index into Dataflow::nodes
inline constexpr NodeId kNoNode = -1;

enum class NodeKind : uint8_t {
  Extract,
  Empty,
  Filter,
  Project,
  Pipeline,
  Join,
  Aggregate,
  Union,
  Process,
  Reduce,
  Combine,
  Handle,
  Output,
};
const char* nodeKindName(NodeKind kind);  // "Extract", "Filter", ...

// ---------------------------------------------------------------- payloads

struct ExtractNode {
  std::string path;
  BoundOpCall extractor;
  Schema declared;               // every column the EXTRACT declares, in order
  std::vector<int> readColumns;  // indices into `declared` actually produced; prune shrinks it
};

// A relation known to be empty: `fold` replaces a branch cut by WHERE false
// with it, so `dead` can remove what fed the branch while the consumers (an
// OUTPUT still writes its empty file) keep their schema.
struct EmptyNode {};

struct FilterNode {
  BoundExpr predicate;  // bool
};

struct ProjectNode {
  std::vector<BoundExpr> exprs;  // one per output column
};

// One fused step of a Pipeline (produced by the `meld` pass).
struct PipelineStep {
  enum class Kind : uint8_t { Filter, Project } kind = Kind::Filter;
  BoundExpr predicate;           // Filter
  std::vector<BoundExpr> exprs;  // Project
  Schema schema;                 // this step's output
  std::string name;              // the rowset name of the node the step came from, if any
};

struct PipelineNode {
  std::vector<PipelineStep> steps;
};

struct JoinNode {
  std::vector<BoundExpr> leftKeys;   // over the left input, pairwise equal to
  std::vector<BoundExpr> rightKeys;  // these over the right input
};

struct AggregateNode {
  std::vector<BoundExpr> keys;
  std::vector<BoundAggregate> aggregates;
};

struct UnionNode {};

struct ProcessNode {
  BoundOpCall processor;
  Schema produce;
  std::vector<int> passthrough;  // input column indices kept, in order
  // Output rows depend only on their own input row (registry flag): filters may
  // move below it, and it is incremental-monotonic.
  bool rowWise = true;
};

struct ReduceNode {
  std::vector<int> keyColumns;  // indices into the input
  BoundOpCall reducer;
  Schema produce;
};

struct CombineNode {
  std::vector<BoundExpr> leftKeys;
  std::vector<BoundExpr> rightKeys;
  BoundOpCall combiner;
  Schema produce;
};

struct HandleAction {
  ast::ActionKind kind = ast::ActionKind::EditSet;
  NodeId target = kNoNode;                   // the back edge's target: a strict ancestor
  std::vector<BoundAssignment> assignments;  // EditSet, Append
  std::optional<BoundOpCall> op;             // EditUsing: over the target's input row
  SourceRange range;
};

struct HandleNode {
  BoundExpr detect;
  std::vector<HandleAction> actions;
  int64_t retry = 1;
  ast::Eventually eventually = ast::Eventually::Reject;
};

struct OutputNode {
  std::string path;
  BoundOpCall outputter;
  std::vector<BoundOrderKey> orderBy;  // empty: canonical lineage order
  std::optional<BoundEvaluation>
      evaluate;  // EVALUATE AGAINST: scored against ground truth at the end of the run
};

using NodePayload =
    std::variant<ExtractNode, EmptyNode, FilterNode, ProjectNode, PipelineNode, JoinNode, AggregateNode,
                 UnionNode, ProcessNode, ReduceNode, CombineNode, HandleNode, OutputNode>;
static_assert(std::variant_size_v<NodePayload> == static_cast<size_t>(NodeKind::Output) + 1);

struct PlanNode {
  NodeId id = kNoNode;
  std::vector<NodeId> inputs;
  Schema schema;      // output schema
  std::string name;   // the rowset name this node produces ("" for intermediate nodes)
  SourceRange range;  // the statement or clause it came from
  NodePayload payload;
  // Rows of this node carry their parents (lineage). The `gc` pass clears it
  // everywhere no handler traces through; without gc every node keeps it.
  bool keepLineage = true;

  NodeKind kind() const { return static_cast<NodeKind>(payload.index()); }
  template <typename T>
  const T& as() const {
    return std::get<T>(payload);
  }
  template <typename T>
  T& as() {
    return std::get<T>(payload);
  }
  template <typename T>
  bool is() const {
    return std::holds_alternative<T>(payload);
  }
};

// ---------------------------------------------------------------- edges

// A back edge, labelled by what it injects into its target (docs/design.md, "Stage by stage").
enum class BackEdgeLabel : uint8_t {
  Append,  // "+": APPEND TO t
  Delete,  // "-": DELETE FROM t
  Edit,    // "±": EDIT t SET / EDIT t USING (retract + insert)
};
const char* backEdgeLabelText(BackEdgeLabel label);  // "+", "-", "±"
BackEdgeLabel backEdgeLabelFor(ast::ActionKind kind);

struct BackEdge {
  NodeId from = kNoNode;  // the Handle (or the Process whose operator declares it)
  NodeId to = kNoNode;    // the target, a strict ancestor of `from`
  BackEdgeLabel label = BackEdgeLabel::Edit;
  int action = -1;  // index into the Handle's actions; -1 for an operator-declared edge
};

// A forward edge: inputs[port] of `to` is `from`. Labels (im+/im-/im±/inm/ī)
// and blocking are computed by plan/AuxGraph.h, since they depend on which
// changes can reach the edge.
struct ForwardEdge {
  NodeId from = kNoNode;
  NodeId to = kNoNode;
  int port = 0;
};

// ---------------------------------------------------------------- the graph

struct Dataflow {
  std::vector<PlanNode> nodes;      // nodes[i].id == i; topological (inputs first)
  std::vector<BackEdge> backEdges;  // handler actions -> targets

  const PlanNode& node(NodeId id) const { return nodes.at(static_cast<size_t>(id)); }
  PlanNode& node(NodeId id) { return nodes.at(static_cast<size_t>(id)); }
  size_t size() const { return nodes.size(); }

  // Appends the node, assigns and returns its id (inputs must already exist).
  NodeId add(PlanNode node);

  // For every node, the (consumer, port) pairs that read it, consumers in id order.
  std::vector<std::vector<ForwardEdge>> consumers() const;
  // Every forward edge, ordered by consumer then port.
  std::vector<ForwardEdge> forwardEdges() const;
  // Nodes that are the target of some back edge.
  std::vector<bool> backEdgeTargets() const;

  // Rebuilds backEdges from the Handle actions, keeping operator-declared edges.
  void syncBackEdges();
  // Removes the nodes flagged in `remove` (one flag per node), renumbers the rest
  // keeping their relative order, and remaps inputs, handler targets and back
  // edges. Nodes that still reference a removed node are a programmer error.
  void erase(const std::vector<bool>& remove);
  // Renumbers nodes into a topological order of their forward edges (stable:
  // keeps the current order where it is already valid). Used after a pass moves
  // a node below its old input.
  void sortTopologically();
};

// Output schema of a node given its payload and its inputs' schemas (the
// conventions above); the lowering, the builder and the verifier share it.
// Project/Pipeline names are taken from `namesHint` when its size matches.
Schema deriveSchema(const Dataflow& flow, const std::vector<NodeId>& inputs, const NodePayload& payload,
                    const Schema& namesHint = {});

}  // namespace popper::plan

// The auxiliary graph (docs/design.md, "Stage by stage"): every operator o split into its
// append part o+ and its delete part o-, connected by how changes travel.
// From it come the forward edges' labels (im+ / im- / im± / inm / ī), which
// delete parts are dead (no retraction can ever reach them, so the runtime
// keeps no retraction state there), the blocking edges and the strongly
// connected components that stages are built from (plan/Stages.h).
//
// Where retractions come from:
//  - back edges labelled `-` (DELETE) and `±` (EDIT) inject them into their target;
//  - a non-monotonic or non-incremental operator that runs pipelined (inside a
//    cycle, or fed by a non-blocking edge) turns an insertion into a retraction
//    of the row it emitted before (a group's updated row, a HAVING that stops
//    holding, a recomputed REDUCE group);
//  - a retraction reaching any operator's input is propagated to its output.
// A non-monotonic consumer behind a blocking edge sees its whole insert-only
// input before emitting, so insertions alone produce only insertions there.
// A HANDLE that gates retractions (plan/HandlerGates.h) stops them: every
// retraction reaching it is of a row it holds, so its delete part is not fed.
#pragma once

#include <string>
#include <vector>

#include "compiler/plan/Dataflow.h"

namespace popper::plan {

// How a consumer handles changes on its input (the PYSCOPE edge notions).
enum class Handling : uint8_t {
  // im: an insert yields inserts, a delete yields deletes: filter, project,
  // pipeline, join, union, PROCESS (row-local by DESIGN), handle, output.
  Monotonic,
  // inm: incremental, but an insert can retract an earlier output: GROUP BY
  // with its aggregates (a group's row is replaced; HAVING may stop holding;
  // MIN/MAX keep a multiset). A HAVING filter reads the aggregate's im± output.
  NonMonotonic,
  // ī: the group or the whole operator is recomputed: UDF REDUCE and COMBINE.
  NonIncremental,
};
Handling handlingOf(const PlanNode& consumer);
// True if the consumer wants its whole input before it runs: a non-incremental
// operator, an aggregate (emits each group once instead of a change per row) or
// a sorted output. Inside a cycle such an edge is pipelined instead.
bool wantsBlocking(const PlanNode& consumer);

struct ChangeSet {
  bool inserts = false;
  bool deletes = false;
  bool any() const { return inserts || deletes; }
};

struct EdgeInfo {
  ForwardEdge edge;
  Handling handling = Handling::Monotonic;
  ChangeSet changes;      // what can arrive on this edge
  bool blocking = false;  // wantsBlocking and not inside a cycle: separates stages
  // "im+", "im-", "im±" (monotonic, by the changes that can arrive), "inm", "ī".
  std::string label() const;
};

// A vertex of the auxiliary graph: part index = 2 * node + (delete part ? 1 : 0).
inline int appendPart(NodeId n) { return 2 * n; }
inline int deletePart(NodeId n) { return 2 * n + 1; }

struct AuxEdge {
  int from = 0;  // part indices
  int to = 0;
  bool back = false;  // comes from a back edge
};

struct AuxGraph {
  std::vector<EdgeInfo> edges;  // one per forward edge, in Dataflow::forwardEdges() order
  std::vector<AuxEdge> auxEdges;
  std::vector<bool> appendLive;  // per node: o+ can receive an insertion
  std::vector<bool> deleteLive;  // per node: o- can receive a retraction (false: dead)
  // Strongly connected component of each node over forward and back edges
  // (Tarjan); components are numbered in dependency order (sources first).
  std::vector<int> component;
  std::vector<bool> inCycle;  // the node's component has a cycle (through a back edge)
  std::vector<bool> gates;    // per node: a HANDLE that gates retractions (plan/HandlerGates.h)

  const EdgeInfo* edgeInto(NodeId to, int port) const;
  ChangeSet outputChanges(NodeId n) const {
    return {appendLive.at(static_cast<size_t>(n)), deleteLive.at(static_cast<size_t>(n))};
  }
};

AuxGraph buildAuxGraph(const Dataflow& flow);

}  // namespace popper::plan

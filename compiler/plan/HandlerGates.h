// Handlers that gate retractions. A HANDLE h is a *gate* when every
// retraction that can reach it is of a row it holds, so nothing it forwards
// is ever retracted and everything below it is insert-only:
//  - its input is a *spine* over one extractor: row-wise nodes (Filter,
//    Project, Pipeline) and equi-joins entered through their left input whose
//    right input no back-edge target reaches (so it is insert-only, complete
//    before the join probes it, and the join builds it first:
//    plan/PhysicalDecisions.h). The spine's *top segment* is the part above
//    its first join; its rows keep their id down to that join. A row of h's
//    input is the image of exactly one row of every top-segment node, the
//    row whose id is its *anchor* (its own id when the spine has no join; a
//    join passes its left row's anchor on as the row's one lineage parent).
//    Spine nodes may feed other nodes too: those get the corrections'
//    retractions directly and run in the waves, as below any back-edge target;
//  - its actions are EDIT ... SET, APPEND and DELETE of top-segment nodes
//    (only EDIT ... SET and DELETE when the spine has a join: an appended
//    row's join rows would share ids with its original's), and no other node
//    (handler or operator) has a back edge into the spine.
// Then a correction retracts only the images of the anchor of a row h
// detected: h holds the whole *anchor group* (the rows with that anchor,
// which arrive together: a join's matches of one left row are never split
// across deltas) until it decides it (runtime/ops/HandleOp.h). A row h
// forwards is never detected again, so h can forward rows in canonical
// order, which for such a spine is anchor order, then arrival order
// (runtime/data/RowId.h), and the plan below it runs like a plan without
// handlers. The auxiliary graph (plan/AuxGraph.h) therefore does not connect
// a gate's delete part.
#pragma once

#include <vector>

#include "compiler/plan/Dataflow.h"

namespace popper::plan {

// A gate's input spine (see above).
struct GateSpine {
  bool gates = false;
  std::vector<NodeId> nodes;  // from h's input up to the extractor
  std::vector<NodeId> joins;  // the joins among them (their rows carry the anchor as lineage)
};
// The spine of HANDLE `id` if it gates retractions (gates false otherwise).
GateSpine gateSpine(const Dataflow& flow, NodeId id);
// True if node `id` is a HANDLE that gates retractions (see above).
bool gatesRetractions(const Dataflow& flow, NodeId id);
// Per node: gatesRetractions.
std::vector<bool> findGatingHandlers(const Dataflow& flow);

// True if the plan's corrections can stream: every back edge comes from a
// gate (at most kMaxStreamingGates of them) whose actions are EDIT ... SET
// and DELETE of one top-segment node t, and no Changelog output reads a t's
// rows other than through its gate (what else reads them runs in the waves
// and ends up the same whenever corrections arrive; a Changelog's bytes are
// their order of arrival). Then each row of t has one lineage (an original
// row and its successive replacements), only its gate corrects it (gates'
// spines are disjoint), and the gate sees the rows of a lineage one after
// the other, so it can decide a detected row as soon as it arrives (the
// lineage's correction count is already final) and have the correction
// applied and injected at once, with injected ids that do not depend on
// timing (each gate injects under an id source of its own): no epochs, no
// barriers until the input is exhausted (runtime/engine/Engine.cpp). APPEND
// is left out: an appended row starts a second lineage at its row's
// position, and the two would race for injected ids.
constexpr size_t kMaxStreamingGates = 64;
bool streamsCorrections(const Dataflow& flow);

}  // namespace popper::plan

// PhysicalDecisions: what the compiler decides about a plan's execution, once,
// before anything runs (the runtime derives none of it; `popper plan` prints
// it in its "-- physical" section):
//  - which outputs can stream (no retraction reaches them per the aux graph,
//    no ORDER BY, not a Changelog, and rows reach them in canonical order:
//    through row-wise operators from one extractor, or from a blocking
//    GROUP BY / REDUCE that emits its groups in key order);
//  - which nodes must carry order keys (anything feeding a materialized
//    output, a join, a REDUCE or a COMBINE);
//  - which input edges are blocking (their consumer emits only at the end);
//  - which joins can build their right side first (no retraction reaches
//    them, or, in the waves, the right side is insert-only and outside the
//    waves: left retractions then probe it like insertions), which keeps
//    their output in canonical order outside the waves;
//  - the input file each node's rows come from (for rejects.jsonl);
//  - which nodes run in the waves of a plan with handlers: those reachable
//    from a back-edge target (the target included) other than through a
//    handler that gates retractions (plan/HandlerGates.h: the gate is in the
//    waves, what it feeds runs like a plan without handlers). An output
//    among them is always materialized: injected rows arrive late and must
//    be placed in canonical order;
//  - whether the plan's gates stream their corrections (HandlerGates.h), and
//    the id source each streaming gate injects its rows under;
//  - which joins lie on a gate's spine (HandlerGates.h): they pass their left
//    row's anchor on as each row's one lineage parent, for the gate to read,
//    and nothing records their lineage in the correction log;
//  - which nodes' lineage the correction log records (those that keep
//    lineage, other than spine joins);
//  - which back-edge targets need overrides (a row the target emits again,
//    or retracts because of an upstream retraction, must be replaced by
//    what a correction made of it): not an extractor, nor a row-wise node or
//    PROCESS whose input no retraction reaches (each emits a row once), nor
//    any target when corrections stream. Without them the log keeps no
//    replacement once its tap has emitted it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/plan/AuxGraph.h"
#include "compiler/plan/Dataflow.h"

namespace popper::plan {

struct PhysicalDecisions {
  std::vector<bool> streaming;          // per node (outputs only)
  std::vector<bool> needKeys;           // per node
  std::vector<bool> blockingInput;      // per node: its (first) input edge is blocking
  std::vector<bool> buildProbe;         // per join: right side built first (see above)
  std::vector<bool> inOrder;            // per node: rows leave in canonical order when run FIFO
  std::vector<std::string> source;      // per node: the input path as written ("" if none)
  std::vector<std::string> rejectName;  // per node: the rowset named in rejects
  std::vector<bool> affected;           // per node: reachable from a back-edge target
  // The plan's gates stream their corrections (plan/HandlerGates.h
  // streamsCorrections): no epochs, corrections injected as they come.
  bool streamsCorrections = false;
  // Per node, when streaming: a gate injects its rows under the source this
  // many below the correction sources' top (each gate its own, the first
  // gate's lowest, so its corrected rows sort first at a line); 0 otherwise.
  std::vector<uint32_t> injectSourceOffset;
  std::vector<bool> anchorJoin;     // per node: a join on a gate's spine (see above)
  std::vector<bool> anchoredGate;   // per node: a gate whose spine has a join (it reads anchors from lineage)
  std::vector<bool> recordLineage;  // per node: the correction log records its rows' parents
  std::vector<bool> targetOverrides;  // per node: a back-edge target that needs overrides (see above)
};

PhysicalDecisions decidePhysical(const Dataflow& flow, const AuxGraph& aux);

}  // namespace popper::plan

// The C++ operator interface behind PROCESS, REDUCE and COMBINE
// (docs/design.md, "Stage by stage"): a Processor maps each input row to 0..n rows, a Reducer maps the
// live rows of one group to rows (recomputed whenever the group changes), a
// Combiner maps the rows of both sides that share a key to rows. Operators
// only compute values: ids, weights, order keys and lineage of their rows are
// assigned by the runtime, so an operator cannot break retraction or order.
// Operators are made by the OperatorCatalog (OperatorCatalog.h), which holds
// each one's signature beside its factory.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/Status.h"
#include "compiler/sema/BoundProgram.h"
#include "runtime/data/Batch.h"
#include "runtime/expr/RowErrors.h"

namespace popper::catalog {

// What an operator instance is created for.
struct OperatorSetup {
  const BoundOpCall* call = nullptr;
  const Schema* input = nullptr;    // PROCESS / REDUCE input; COMBINE left side
  const Schema* right = nullptr;    // COMBINE right side
  const Schema* produce = nullptr;  // the PRODUCE columns
};

// A back-edge action a processor emitted from its code (docs/error-handling.md).
struct EmittedAction {
  uint32_t inputRow = 0;       // the input row it is traced from
  int edge = 0;                // index into the signature's backEdges (gives action and target)
  std::shared_ptr<Batch> row;  // Edit / Append: the new row (one row, the target's schema, own strings)
};

// What ProcessOp offers a processor whose signature declares back edges.
class BackEdgeTracer {
 public:
  virtual ~BackEdgeTracer() = default;
  // The row of edge `edge`'s target that input row `inputRow` (of the batch
  // being processed) derives from: one row of the target's schema, or
  // nullptr with the reason in `why`.
  virtual const Batch* trace(int edge, uint32_t inputRow, std::string& why) = 0;
};

// Thrown by an operator when the run cannot go on (an Exec command that
// cannot start): ProcessOp fails the run with its message instead of trying
// the batch's rows one at a time.
class OperatorFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Processor {
 public:
  virtual ~Processor() = default;
  // For every row of `in`, in order, appends 0..n rows to the columns of `out`
  // (schema = PRODUCE; strings into out.arena(), or views of in's strings:
  // out shares them) and, per row appended, the input row it came from to
  // `parents`. A row that cannot be processed goes to `errors` instead.
  virtual void process(const Batch& in, Batch& out, std::vector<uint32_t>& parents, RowErrors& errors) = 0;
  // The same, for operators that declare back edges: the actions they emit
  // go to `actions` (ProcessOp applies them). A row in `errors` emits none.
  virtual void processWithBackEdges(const Batch& in, Batch& out, std::vector<uint32_t>& parents,
                                    RowErrors& errors, BackEdgeTracer& tracer,
                                    std::vector<EmittedAction>& actions) {
    (void)tracer, (void)actions;
    process(in, out, parents, errors);
  }
};

class Reducer {
 public:
  virtual ~Reducer() = default;
  // `group`: the live rows of one group (row indices of `rows`, canonical
  // order). Appends the group's output rows to the columns of `out`.
  virtual Status reduce(const Batch& rows, const Selection& group, Batch& out) = 0;
};

class Combiner {
 public:
  virtual ~Combiner() = default;
  // The live rows of both sides that share one key, each in canonical order.
  virtual Status combine(const Batch& left, const Selection& leftRows, const Batch& right,
                         const Selection& rightRows, Batch& out) = 0;
};

// For operators whose PRODUCE columns are copied by name from an input: the
// input column of each produced column (same name and type), or an error
// naming the first column that cannot be filled.
Result<std::vector<int>> produceColumnsByName(const std::string& op, const Schema& produce,
                                              const Schema& input);

}  // namespace popper::catalog

// Batch: the unit of data flowing between operators — up to ~kBatchRows rows
// of a fixed schema, stored column by column, with per-row id, weight and
// (only when the plan asks for it) lineage.
//
// Invariant between operations: every column, rowIds and weights have size()
// entries; with lineage on, lineageOffsets has size()+1 entries and the
// parents of row r are lineageParents[lineageOffsets[r] .. lineageOffsets[r+1]).
//
// Strings: string columns hold views into StringArenas. A batch owns one arena
// for the strings it creates (arena()) and keeps shared ownership of the arenas
// of batches it borrowed views from (shareStringsOf), so projecting or filtering
// a batch never copies string bytes. State that outlives batches (join and
// group tables) must copy strings into its own storage (gather with
// StringCopy::Deep).
#pragma once

#include <cassert>
#include <memory>
#include <vector>

#include "common/Schema.h"
#include "runtime/data/Column.h"
#include "runtime/data/RowId.h"
#include "runtime/data/Selection.h"
#include "runtime/data/StringArena.h"

namespace popper {

constexpr size_t kBatchRows = 2048;

using SchemaPtr = std::shared_ptr<const Schema>;

enum class StringCopy { Share, Deep };

class Batch {
 public:
  Batch() = default;
  explicit Batch(SchemaPtr schema, bool withLineage = false);
  Batch(Batch&&) = default;
  Batch& operator=(Batch&&) = default;
  Batch(const Batch&) = delete;  // copies are explicit: use gather or appendRows
  Batch& operator=(const Batch&) = delete;

  const Schema& schema() const { return *schema_; }
  const SchemaPtr& schemaPtr() const { return schema_; }
  size_t size() const { return rowIds.size(); }
  bool empty() const { return rowIds.empty(); }
  size_t numColumns() const { return columns.size(); }
  Column& column(size_t i) { return columns[i]; }
  const Column& column(size_t i) const { return columns[i]; }

  bool hasLineage() const { return withLineage_; }
  // Turns lineage on for an empty batch (every row then has a parents list).
  void enableLineage();
  // Turns lineage off, dropping every row's parents.
  void dropLineage();

  // The arena for strings this batch creates (created on first use).
  StringArena& arena();
  // Keeps `other`'s strings alive as long as this batch: call before storing
  // views of other's strings in this batch.
  void shareStringsOf(const Batch& other);

  // Drops all rows and strings; keeps schema, lineage mode and capacity.
  void clear();
  void reserve(size_t rows);

  // Appends the id and weight of a new row (and an empty parents list when
  // lineage is on); the caller then pushes one value into every column.
  void addRowMeta(RowId id, Weight weight) {
    rowIds.push_back(id);
    weights.push_back(weight);
    if (withLineage_) lineageOffsets.push_back(static_cast<uint32_t>(lineageParents.size()));
  }
  // Adds a parent to the last row added (lineage on only).
  void addParent(RowId parent) {
    assert(withLineage_ && !empty());
    lineageParents.push_back(parent);
    lineageOffsets.back() = static_cast<uint32_t>(lineageParents.size());
  }
  // Parents of row r, or an empty range when lineage is off.
  std::pair<const RowId*, const RowId*> parents(size_t r) const {
    if (!withLineage_) return {nullptr, nullptr};
    return {lineageParents.data() + lineageOffsets[r], lineageParents.data() + lineageOffsets[r + 1]};
  }
  // Row r's first parent, or its own id when it has none (a row's anchor on
  // a gate's spine: compiler/plan/HandlerGates.h).
  RowId firstParentOrSelf(size_t r) const {
    auto [b, e] = parents(r);
    return b != e ? *b : rowIds[r];
  }

  // Appends rows `sel` of `src` (same column types) with their ids, weights
  // and lineage (if both batches keep lineage). Share: string views point into
  // src's arenas, which this batch then keeps alive. Deep: strings are copied
  // into this batch's arena. `src` must be another batch.
  void appendRows(const Batch& src, const Selection& sel, StringCopy mode = StringCopy::Share);
  void appendRows(const Batch& src, size_t begin, size_t end, StringCopy mode = StringCopy::Share);

  // Removes the rows not in `keep` (ascending), in place.
  void retain(const Selection& keep);

  // Asserts the invariant above (for tests and debug builds).
  bool isConsistent() const;

  std::vector<Column> columns;
  std::vector<RowId> rowIds;
  std::vector<Weight> weights;
  std::vector<uint32_t> lineageOffsets;  // size()+1 entries when lineage is on
  std::vector<RowId> lineageParents;

 private:
  void copyStringsDeep(size_t firstRow);

  SchemaPtr schema_;
  bool withLineage_ = false;
  StringArenaPtr arena_;
  std::vector<StringArenaPtr> sharedArenas_;
};

}  // namespace popper

// CorrectionRecords: every correction a run applied, with the traced row
// before and the row after, for the corrections file (docs/error-handling.md,
// "The corrections file"). The correction log adds one record per applied
// correction (from whichever thread applies it); the engine writes them,
// sorted, when the run commits. Rows are kept as deep copies in one batch per
// target (two rows per EDIT), so a record costs a few words beside them.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <vector>

#include "compiler/ast/Ast.h"
#include "compiler/plan/Dataflow.h"
#include "runtime/data/Batch.h"

namespace popper::correction {

struct CorrectionRecord {
  static constexpr uint32_t kNoRow = UINT32_MAX;
  RowId traced;  // the target's row it corrected (its position is the source line)
  plan::NodeId handler = plan::kNoNode;
  plan::NodeId target = plan::kNoNode;
  ast::ActionKind kind = ast::ActionKind::EditSet;
  int round = 1;                             // the how-many-th correction of the lineage
  uint8_t condition = 0;                     // the part of DETECT that held (ops/DetectConditions.h)
  uint32_t before = kNoRow, after = kNoRow;  // rows of rows(target)
};

class CorrectionRecords {
 public:
  // Records one correction: `before` is row `beforeRow` of a batch of the
  // target's rows (null: none, an APPEND), `after` likewise (null: a DELETE).
  void add(const CorrectionRecord& what, const Batch* before, size_t beforeRow, const Batch* after,
           size_t afterRow);

  // ---- after the run (single-threaded) ----
  size_t size() const { return records_.size(); }
  const std::vector<CorrectionRecord>& records() const { return records_; }
  // The rows records of `target` point into.
  const Batch& rows(plan::NodeId target) const { return rows_.at(target); }

 private:
  uint32_t keep(plan::NodeId target, const Batch* from, size_t row);
  std::mutex mu_;
  std::vector<CorrectionRecord> records_;
  std::map<plan::NodeId, Batch> rows_;
};

}  // namespace popper::correction

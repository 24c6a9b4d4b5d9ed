#include "runtime/correction/CorrectionRecords.h"

namespace popper::correction {

uint32_t CorrectionRecords::keep(plan::NodeId target, const Batch* from, size_t row) {
  if (!from) return CorrectionRecord::kNoRow;
  auto it = rows_.find(target);
  if (it == rows_.end()) it = rows_.emplace(target, Batch(from->schemaPtr())).first;
  it->second.appendRows(*from, row, row + 1, StringCopy::Deep);
  return static_cast<uint32_t>(it->second.size() - 1);
}

void CorrectionRecords::add(const CorrectionRecord& what, const Batch* before, size_t beforeRow,
                            const Batch* after, size_t afterRow) {
  std::lock_guard lock(mu_);
  CorrectionRecord r = what;
  r.before = keep(what.target, before, beforeRow);
  r.after = keep(what.target, after, afterRow);
  records_.push_back(r);
}

}  // namespace popper::correction

// RowId: the 64-bit identity of a row, unique within one run, whose numeric
// order is the canonical lineage order (docs/language.md, "Outputs, errors and determinism").
//
// Layout, most significant first:
//   position   : 40 bits  the source row's position (for extractors: the 1-based
//                         line where the record starts, so a RowId also tells
//                         rejects.jsonl which line a derived row came from)
//   source     : 10 bits  the node that created the row (an extractor, or an
//                         operator that creates new rows: join, group, process)
//   derivation : 14 bits  0 for a source row; k+1 for the k-th row a node
//                         derives from the same position
// Row-wise operators (filter, project, union) keep the id of their input row.
// Comparing the raw values orders rows by (position, source, derivation).
#pragma once

#include <cstdint>

namespace popper {

struct RowId {
  uint64_t value = 0;

  static constexpr int kDerivationBits = 14;
  static constexpr int kSourceBits = 10;
  static constexpr int kPositionBits = 40;
  static constexpr uint64_t kMaxDerivation = (uint64_t{1} << kDerivationBits) - 1;
  static constexpr uint64_t kMaxSource = (uint64_t{1} << kSourceBits) - 1;
  static constexpr uint64_t kMaxPosition = (uint64_t{1} << kPositionBits) - 1;

  static constexpr RowId make(uint64_t position, uint64_t source, uint64_t derivation = 0) {
    return RowId{(position << (kSourceBits + kDerivationBits)) | ((source & kMaxSource) << kDerivationBits) |
                 (derivation & kMaxDerivation)};
  }
  // The k-th row (0-based) that node `source` derives from `parent`: same
  // position, so derived rows sort right after the rows they come from. Past
  // kMaxDerivation children the caller must pick another source id.
  static constexpr RowId derive(RowId parent, uint64_t source, uint64_t k) {
    return make(parent.position(), source, k + 1);
  }

  constexpr uint64_t position() const { return value >> (kSourceBits + kDerivationBits); }
  constexpr uint64_t source() const { return (value >> kDerivationBits) & kMaxSource; }
  constexpr uint64_t derivation() const { return value & kMaxDerivation; }

  friend constexpr bool operator==(RowId a, RowId b) { return a.value == b.value; }
  friend constexpr bool operator!=(RowId a, RowId b) { return a.value != b.value; }
  friend constexpr bool operator<(RowId a, RowId b) { return a.value < b.value; }
};

// +1 inserts a row, -1 retracts it.
using Weight = int8_t;
constexpr Weight kInsert = 1;
constexpr Weight kRetract = -1;

}  // namespace popper

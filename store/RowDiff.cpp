#include "store/RowDiff.h"

#include <fmt/format.h>

#include <unordered_map>

#include "store/Blobs.h"
#include "store/TruthKeys.h"

namespace popper::store {
namespace {

// Streams the data lines of an output's snapshot (its header line to *header).
Status dataLines(Database& db, const OutputRecord& o, std::string* header,
                 const std::function<Status(std::string_view)>& line) {
  if (o.snapshot.empty())
    return Status::unsupported(fmt::format(
        "{}: no snapshot was recorded (an output to standard output, of a failed run, or unreadable)",
        o.path));
  bool first = true;
  return readBlobLines(db, o.snapshot, [&](std::string_view l) -> Status {
    if (first && o.header) {
      first = false;
      *header = std::string(l);
      return Status::ok();
    }
    first = false;
    return line(l);
  });
}

}  // namespace

const char* diffMarkName(DiffMark mark) {
  switch (mark) {
    case DiffMark::Fixed:
      return "fixed";
    case DiffMark::Broken:
      return "broken";
    case DiffMark::Wrong:
      return "wrong";
    case DiffMark::Cleared:
      return "cleared";
    case DiffMark::None:
      break;
  }
  return "";
}

Status diffOutputs(Database& db, const OutputRecord& a, const OutputRecord& b,
                   const std::function<Status(const DiffRow&)>& emit, DiffSummary& summary) {
  auto truthA = TruthKeys::load(db, a);
  if (!truthA) return truthA.status();
  auto truthB = TruthKeys::load(db, b);
  if (!truthB) return truthB.status();
  summary.judged = truthA->judged() && truthB->judged();

  // B's lines, counted; A's streamed against them, then B's again for what is left.
  std::unordered_map<uint64_t, uint64_t> left;
  Status st = dataLines(db, b, &summary.headerB, [&](std::string_view l) -> Status {
    ++left[hashBytes(l)];
    return Status::ok();
  });
  if (!st) return st;
  st = dataLines(db, a, &summary.headerA, [&](std::string_view l) -> Status {
    auto it = left.find(hashBytes(l));
    if (it != left.end() && it->second > 0) {
      --it->second;
      return Status::ok();
    }
    DiffRow row{true, l, DiffMark::None};
    if (summary.judged) row.mark = truthA->contains(l) ? DiffMark::Broken : DiffMark::Cleared;
    ++summary.onlyInA;
    summary.broken += row.mark == DiffMark::Broken;
    summary.cleared += row.mark == DiffMark::Cleared;
    return emit(row);
  });
  if (!st) return st;
  std::string ignored;
  return dataLines(db, b, &ignored, [&](std::string_view l) -> Status {
    auto it = left.find(hashBytes(l));
    if (it == left.end() || it->second == 0) return Status::ok();
    --it->second;
    DiffRow row{false, l, DiffMark::None};
    if (summary.judged) row.mark = truthB->contains(l) ? DiffMark::Fixed : DiffMark::Wrong;
    ++summary.onlyInB;
    summary.fixed += row.mark == DiffMark::Fixed;
    summary.wrong += row.mark == DiffMark::Wrong;
    return emit(row);
  });
}

}  // namespace popper::store

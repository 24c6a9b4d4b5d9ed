// The comparisons behind `popper run --verify` (see NodeChecks.h).
#include "runtime/verify/NodeChecks.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <tuple>
#include <unordered_map>

#include "runtime/expr/Interpreter.h"
#include "runtime/verify/OutputReplay.h"

namespace popper::verify {

Differences::Differences(const plan::Dataflow& flow, size_t maxLines) : flow_(flow), maxLines_(maxLines) {}

void Differences::add(plan::NodeId node, const std::string& what) {
  if (lines_.size() < maxLines_) lines_.push_back(nodeName(node) + ": " + what);
  ++count_;
}

std::string Differences::report(size_t nodes) const {
  std::string s = fmt::format(
      "--verify found {} difference{} between the live rows and a recomputation ({} nodes checked)", count_,
      count_ == 1 ? "" : "s", nodes);
  for (const std::string& l : lines_) s += "\n  " + l;
  if (count_ > lines_.size()) s += fmt::format("\n  ... and {} more", count_ - lines_.size());
  return s;
}

std::string Differences::nodeName(plan::NodeId id) const {
  const plan::PlanNode& n = flow_.node(id);
  std::string kind = plan::nodeKindName(n.kind());
  return n.name.empty() ? fmt::format("{} #{}", kind, id) : fmt::format("'{}' ({} #{})", n.name, kind, id);
}

namespace {

std::string copiesText(int64_t n) { return n == 1 ? "1 copy" : fmt::format("{} copies", n); }

// A row's identity for comparisons: (order key, RowId, values) with
// `byKey`, else (RowId, values).
struct Identity {
  const std::string* key;
  uint64_t id;
  uint64_t hash;
  friend bool operator<(const Identity& a, const Identity& b) {
    return std::tie(*a.key, a.id, a.hash) < std::tie(*b.key, b.id, b.hash);
  }
  friend bool operator==(const Identity& a, const Identity& b) {
    return a.id == b.id && a.hash == b.hash && *a.key == *b.key;
  }
};

const std::string kNoKey;

// The distinct identities of `rows` in order, each with its summed copies
// and one row that has it.
struct IdentityRun {
  Identity id;
  int64_t copies;
  size_t row;
};
std::vector<IdentityRun> identities(const LiveRows& rows, bool byKey) {
  std::vector<IdentityRun> runs;
  runs.reserve(rows.size());
  for (size_t r = 0; r < rows.size(); ++r)
    runs.push_back(
        {{byKey ? &rows.keys[r] : &kNoKey, rows.rows.rowIds[r].value, rows.hashes[r]}, rows.copies[r], r});
  std::stable_sort(runs.begin(), runs.end(),
                   [](const IdentityRun& a, const IdentityRun& b) { return a.id < b.id; });
  std::vector<IdentityRun> merged;
  for (const IdentityRun& run : runs) {
    if (!merged.empty() && merged.back().id == run.id)
      merged.back().copies += run.copies;
    else
      merged.push_back(run);
  }
  return merged;
}

// Walks the identities of both sides in order, calling visit(expectedRun,
// liveRun) with null for a side that lacks the identity.
template <typename Visit>
void mergeIdentities(const std::vector<IdentityRun>& a, const std::vector<IdentityRun>& b, Visit visit) {
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].id < b[j].id))
      visit(&a[i++], nullptr);
    else if (i == a.size() || b[j].id < a[i].id)
      visit(nullptr, &b[j++]);
    else
      visit(&a[i++], &b[j++]);
  }
}

bool retracts(ast::ActionKind kind) { return kind != ast::ActionKind::Append; }
bool injects(ast::ActionKind kind) { return kind != ast::ActionKind::Delete; }

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

// Compares expected with live rows (identities as above).
void compareLive(const LiveRows& expected, const LiveRows& live, bool byKey, plan::NodeId node,
                 Differences& diffs) {
  mergeIdentities(
      identities(expected, byKey), identities(live, byKey), [&](const IdentityRun* e, const IdentityRun* l) {
        int64_t want = e ? e->copies : 0, got = l ? l->copies : 0;
        if (want == got) return;
        const Batch& rows = e ? expected.rows : live.rows;
        size_t row = e ? e->row : l->row;
        diffs.add(node, fmt::format("row {} (RowId {}): expected {}, live {}", describeRow(rows, row),
                                    rows.rowIds[row].value, copiesText(want), copiesText(got)));
      });
}

// A target's expected rows: the recomputation with the corrections applied.
// Injected rows hang off the row they traced to, so they are live exactly
// when that row's chain leads to a recomputed row.
LiveRows withCorrections(const LiveRows& recomputed, plan::NodeId target,
                         const std::vector<verify::VerifiedCorrection>& all) {
  std::set<uint64_t> retracted;
  std::unordered_map<uint64_t, std::vector<const verify::VerifiedCorrection*>> children;
  for (const verify::VerifiedCorrection& c : all) {
    if (c.target != target) continue;
    if (retracts(c.kind)) retracted.insert(c.traced.value);
    if (injects(c.kind) && c.replacement && c.replacement->size() == 1)
      children[c.traced.value].push_back(&c);
  }
  LiveRows expected;
  auto addTree = [&](auto& self, uint64_t parent, int64_t copies, int depth) -> void {
    auto it = children.find(parent);
    if (it == children.end() || depth > 64) return;
    for (const verify::VerifiedCorrection* c : it->second) {
      uint64_t id = c->replacement->rowIds[0].value;
      if (!retracted.count(id)) addRow(expected, *c->replacement, 0, {}, copies);
      self(self, id, copies, depth + 1);
    }
  };
  for (size_t r = 0; r < recomputed.size(); ++r) {
    uint64_t id = recomputed.rows.rowIds[r].value;
    if (recomputed.copies[r] <= 0) continue;
    if (!retracted.count(id)) addRow(expected, recomputed.rows, r, {}, recomputed.copies[r]);
    addTree(addTree, id, recomputed.copies[r], 0);
  }
  normalize(expected);
  return expected;
}

// A HANDLE forwards a subset of its live input; what it held back must be detected.
void checkHandle(const plan::PlanNode& node, const LiveRows& input, const LiveRows& output,
                 Differences& diffs) {
  std::vector<uint8_t> detected(input.size(), 0);
  if (input.size() > 0) {
    auto detect = makeInterpreter(node.as<plan::HandleNode>().detect);
    Batch rows(input.rows.schemaPtr());
    rows.appendRows(input.rows, 0, input.rows.size());
    EvalContext ectx{&rows, nullptr, nullptr, &rows.arena()};
    Selection hits;
    RowErrors errors;
    detect->filter(ectx, allRows(rows.size()), hits, errors);
    for (uint32_t h : hits) detected[h] = 1;
    // A row whose DETECT fails is rejected, which is holding it back too.
    for (size_t r = 0; r < rows.size(); ++r)
      if (errors.hasFailed(static_cast<uint32_t>(r))) detected[r] = 1;
  }
  mergeIdentities(
      identities(input, true), identities(output, true), [&](const IdentityRun* in, const IdentityRun* out) {
        int64_t held = in ? std::max<int64_t>(in->copies, 0) : 0, forwarded = out ? out->copies : 0;
        const Batch& rows = in ? input.rows : output.rows;
        size_t row = in ? in->row : out->row;
        std::string what = fmt::format("row {} (RowId {})", describeRow(rows, row), rows.rowIds[row].value);
        if (forwarded > held)
          diffs.add(node.id, fmt::format("{}: forwarded {} but its input holds {}", what,
                                         copiesText(forwarded), copiesText(held)));
        else if (forwarded < held && !detected[in->row])
          diffs.add(node.id, fmt::format("{}: DETECT is false but it was held back (expected {}, live {})",
                                         what, copiesText(held), copiesText(forwarded)));
      });
}

// An OUTPUT wrote exactly its input's live rows: replaying the changes it
// received writes the same bytes as writing the live rows once (a Changelog
// writes every change instead, so only its row count is checked).
void checkOutput(const plan::PhysicalPlan& plan, const verify::VerifyContext& ctx, const plan::PlanNode& node,
                 const ChangeRecord& changes, const LiveRows& live, Differences& diffs) {
  const auto& out = node.as<plan::OutputNode>();
  uint64_t ran = ctx.rowsWritten ? ctx.rowsWritten(node.id) : 0;
  if (out.outputter.op == "Changelog") {
    if (ctx.rowsWritten && ran != changes.size())
      diffs.add(node.id, fmt::format("wrote {} changes to '{}', but its input made {}", ran, out.path,
                                     changes.size()));
    return;
  }
  auto replayed = replayOutput(plan, ctx.analysis, node.id, ctx.options, ctx.catalog, changes);
  auto expected = writeLiveOutput(plan, ctx.analysis, node.id, ctx.options, ctx.catalog, live);
  if (!replayed || !expected) {
    diffs.add(node.id, "cannot write the output again: " +
                           (replayed ? expected.status() : replayed.status()).message());
    return;
  }
  if (ctx.rowsWritten && ran != replayed->rows)
    diffs.add(node.id,
              fmt::format("the run wrote {} rows to '{}', but replaying the changes it received writes {}",
                          ran, out.path, replayed->rows));
  if (replayed->bytes == expected->bytes) return;
  // Which lines differ, as multisets; if none does, only the order is wrong.
  std::vector<std::string> wrote = lines(replayed->bytes), want = lines(expected->bytes);
  std::multiset<std::string> missing(want.begin(), want.end());
  std::vector<std::string> extra;
  for (const std::string& l : wrote) {
    auto it = missing.find(l);
    if (it != missing.end())
      missing.erase(it);
    else
      extra.push_back(l);
  }
  for (const std::string& l : extra)
    diffs.add(node.id, fmt::format("wrote '{}' to '{}' more often than its input has it live", l, out.path));
  for (const std::string& l : missing)
    diffs.add(node.id, fmt::format("wrote '{}' to '{}' less often than its input has it live", l, out.path));
  if (extra.empty() && missing.empty()) {
    size_t i = 0;
    while (i < wrote.size() && wrote[i] == want[i]) ++i;
    diffs.add(
        node.id,
        fmt::format("'{}' has its input's live rows in another order from line {}: '{}' where '{}' belongs",
                    out.path, i + 1, wrote[i], want[i]));
  }
}

}  // namespace popper::verify

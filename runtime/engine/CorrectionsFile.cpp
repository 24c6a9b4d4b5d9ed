#include "runtime/engine/CorrectionsFile.h"

#include <algorithm>
#include <numeric>
#include <tuple>

#include "runtime/io/CellText.h"
#include "runtime/ops/DetectConditions.h"

namespace popper::engine {
namespace {

const char* actionName(ast::ActionKind kind) {
  switch (kind) {
    case ast::ActionKind::EditSet:
    case ast::ActionKind::EditUsing:
      return "EDIT";
    case ast::ActionKind::Append:
      return "APPEND";
    case ast::ActionKind::Delete:
      return "DELETE";
  }
  return "EDIT";
}

void appendRowOrNull(OutputBuffer& out, const correction::CorrectionRecords& records, plan::NodeId target,
                     uint32_t row) {
  if (row == correction::CorrectionRecord::kNoRow) {
    out.append("null");
    return;
  }
  const Batch& rows = records.rows(target);
  appendJsonObject(out, rows.schema(), rows, row);
}

}  // namespace

Status stageCorrections(const correction::CorrectionRecords& records, const plan::PhysicalPlan& plan,
                        FileTransaction& files, const std::string& path) {
  const std::vector<correction::CorrectionRecord>& all = records.records();
  if (all.empty()) return Status::ok();
  const plan::Dataflow& flow = plan.dataflow;
  // Each handler's DETECT parts as text, once.
  std::map<plan::NodeId, std::vector<std::string>> conditions;
  for (const correction::CorrectionRecord& r : all)
    if (!conditions.count(r.handler)) {
      const plan::PlanNode& handler = flow.node(r.handler);
      conditions[r.handler] =
          handler.is<plan::HandleNode>()
              ? ops::DetectConditions::texts(handler.as<plan::HandleNode>().detect, handler.schema)
              : std::vector<std::string>{};
    }
  // Sorted first, then formatted straight into the file (a run with many
  // corrections would otherwise hold the whole file in memory). Ties (one
  // traced row appended to twice in a round) are broken by the row after.
  auto afterText = [&](const correction::CorrectionRecord& r) {
    OutputBuffer text(256);
    appendRowOrNull(text, records, r.target, r.after);
    return std::string(text.view());
  };
  std::vector<size_t> order(all.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const correction::CorrectionRecord& x = all[a];
    const correction::CorrectionRecord& y = all[b];
    auto kx = std::tie(x.traced.value, x.target, x.round, x.handler, x.kind);
    auto ky = std::tie(y.traced.value, y.target, y.round, y.handler, y.kind);
    if (kx != ky) return kx < ky;
    return afterText(x) < afterText(y);
  });
  auto file = files.stage(path);
  if (!file) return file.status();
  OutputBuffer& line = (*file)->buffer();
  for (size_t i : order) {
    // Keys in alphabetical order, as in the rejects file.
    const correction::CorrectionRecord& r = all[i];
    line.append("{\"action\":\"");
    line.append(actionName(r.kind));
    line.append("\",\"after\":");
    appendRowOrNull(line, records, r.target, r.after);
    line.append(",\"before\":");
    appendRowOrNull(line, records, r.target, r.before);
    const std::vector<std::string>& texts = conditions[r.handler];
    if (!texts.empty()) {
      line.append(",\"condition\":");
      appendJsonString(line, texts[std::min<size_t>(r.condition, texts.size() - 1)]);
    }
    line.append(",\"handler\":");
    appendJsonString(line, flow.node(r.handler).name);
    line.append(",\"line\":");
    line.append(std::to_string(r.traced.position()));
    line.append(",\"round\":");
    line.append(std::to_string(r.round));
    line.append(",\"source\":");
    appendJsonString(line, plan.decisions.source[static_cast<size_t>(r.target)]);
    line.append(",\"target\":");
    appendJsonString(line, flow.node(r.target).name);
    line.append("}\n");
    if (Status st = (*file)->maybeFlush(); !st.isOk()) return st;
  }
  return (*file)->flush();
}

}  // namespace popper::engine

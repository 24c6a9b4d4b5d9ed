// EVALUATE AGAINST binding (see EvaluateBinder.h).
#include "compiler/sema/EvaluateBinder.h"

#include <fmt/format.h>

#include <map>

#include "common/NameSuggest.h"
#include "common/StandardStreams.h"
#include "compiler/sema/RelationBinder.h"

namespace popper::sema {

std::optional<BoundEvaluation> bindEvaluation(SemaContext& ctx, const ast::EvaluateClause& clause,
                                              const ast::OpCall& outputter, const Schema& schema,
                                              const RelationState& state) {
  bool ok = true;
  // A changelog lists every insertion and retraction, not the output's final
  // rows, so there is nothing to score.
  if (outputter.op.name == "Changelog") {
    ctx.diags.error(clause.range, "EVALUATE AGAINST needs an output of rows; Changelog() writes changes");
    ok = false;
  }
  BoundEvaluation eval;
  eval.pathRange = clause.groundTruth.range;
  eval.groundTruth = resolvePath(ctx, clause.groundTruth);
  if (!clause.groundTruth.isParam && eval.groundTruth.empty()) {
    ctx.diags.error(clause.groundTruth.range, "ground truth path is empty");
    ok = false;
  }
  if (clause.groundTruth.isParam && eval.groundTruth.empty())
    ok = false;  // already reported, or an empty value
  if (isStandardStream(eval.groundTruth)) {
    // check reads its header, the run reads it again: it must be a file.
    ctx.diags.error(clause.groundTruth.range, "a ground truth cannot be read from standard input ('-')");
    ok = false;
  }

  std::vector<std::string> names;
  for (const ColumnInfo& column : schema) names.push_back(column.name);
  if (clause.on.empty()) {
    eval.columns = names;
  } else {
    eval.allColumns = false;
    std::map<std::string, SourceRange> seen;
    for (const ast::Ident& column : clause.on) {
      if (auto previous = seen.find(column.name); previous != seen.end()) {
        ctx.diags.error(column.range,
                        fmt::format("column '{}' is listed twice in EVALUATE AGAINST ... ON", column.name));
        ctx.diags.note(previous->second, "first listed here");
        ok = false;
        continue;
      }
      seen.emplace(column.name, column.range);
      if (findColumn(schema, column.name) < 0) {
        if (state.complete)
          ctx.diags.error(column.range, fmt::format("unknown column '{}' in the evaluated output{}",
                                                    column.name, didYouMean(column.name, names)));
        ok = false;
        continue;
      }
      eval.columns.push_back(column.name);
      eval.columnRanges.push_back(column.range);
    }
  }
  if (!ok) return std::nullopt;
  return eval;
}

}  // namespace popper::sema

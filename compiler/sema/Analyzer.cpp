// The analysis driver: statements in order, each rowset bound before it can
// be referenced (so the only cycles are handler back edges).
#include "compiler/sema/Analyzer.h"

#include <fmt/format.h>

#include <cassert>
#include <filesystem>

#include "common/RunFileNames.h"
#include "common/StandardStreams.h"
#include "compiler/sema/EvaluateBinder.h"
#include "compiler/sema/OpCallBinder.h"
#include "compiler/sema/OptionCheck.h"
#include "compiler/sema/ParamResolver.h"
#include "compiler/sema/RelationBinder.h"
#include "compiler/sema/UnusedCheck.h"

namespace popper {
namespace sema {
namespace {

void bindSet(SemaContext& ctx, const ast::SetStmt& set, std::map<std::string, SourceRange>& seen) {
  const std::string& name = set.name.name;
  if (!isOption(name)) {
    ctx.diags.error(set.name.range, *checkOptionValue(name, set.value));
    return;
  }
  if (auto previous = seen.find(name); previous != seen.end()) {
    ctx.diags.error(set.name.range, fmt::format("option '{}' is set twice", name));
    ctx.diags.note(previous->second, "previous setting is here");
    return;
  }
  seen.emplace(name, set.name.range);
  if (std::optional<std::string> problem = checkOptionValue(name, set.value)) {
    ctx.diags.error(set.valueRange, *problem);
    return;
  }
  ctx.program.options[name] = set.value;
}

void bindAssign(SemaContext& ctx, RelationBinder& binder, const ast::AssignStmt& assign) {
  const std::string& name = assign.name.name;
  // Erased before binding: a rowset reading itself is unknown, not "used before it is defined".
  if (auto later = ctx.definedLater.find(name);
      later != ctx.definedLater.end() && later->second.begin == assign.name.range.begin)
    ctx.definedLater.erase(later);
  RelId id = binder.bind(*assign.relation, name);
  if (auto previous = ctx.rowsets.find(name); previous != ctx.rowsets.end()) {
    ctx.diags.error(assign.name.range, fmt::format("redefinition of rowset '{}'", name));
    ctx.diags.note(previous->second.nameRange, "previous definition is here");
    return;
  }
  ctx.rowsets.emplace(name, NamedRowset{id, assign.name.range, false});
}

void bindOutput(SemaContext& ctx, RelationBinder& binder, const ast::OutputStmt& output, SourceRange range) {
  BoundOutput out;
  out.range = range;
  BoundSource source = binder.bindSource(output.input);
  out.input = source.id;
  out.path = resolvePath(ctx, output.path);
  if (!out.path.empty()) {
    // Relative paths resolve against the same --out-dir, so "same.csv" and
    // "./same.csv" are one file.
    std::string file = std::filesystem::path(out.path).lexically_normal().string();
    if (file == kStandardStream && !isStandardStream(out.path)) file = "./-";  // a file named "-"
    auto [previous, added] = ctx.outputFiles.emplace(file, output.path.range);
    if (file == kRejectsFileName || file == kCorrectionsFileName) {
      // Each run replaces (or removes) them: the OUTPUT's rows would be lost.
      ctx.diags.error(output.path.range,
                      fmt::format("'{}' is the output folder's {} file; name the OUTPUT's file otherwise",
                                  file, file == kRejectsFileName ? "rejects" : "corrections"));
    } else if (!added) {
      ctx.diags.error(output.path.range, isStandardStream(out.path)
                                             ? std::string("two OUTPUTs write standard output ('-')")
                                             : fmt::format("two OUTPUTs write the file '{}'", file));
      ctx.diags.note(previous->second, "the other OUTPUT to it is here");
    }
  }
  const Schema& schema = ctx.schemaOf(source.id);
  OpInput opInput{&schema, &ctx.stateOf(source.id), source.display};
  if (std::optional<BoundOpCall> call = bindOpCall(ctx, output.outputter, OperatorKind::Outputter, &opInput))
    out.outputter = std::move(*call);
  ExprScope scope;
  scope.inputs.push_back(binder.scopeInput(source));
  scope.clause = "ORDER BY";
  ExprBinder exprs(ctx, scope);
  for (const ast::OrderItem& item : output.orderBy)
    if (std::optional<BoundExpr> key = exprs.bind(*item.expr))
      out.orderBy.push_back({std::move(*key), item.descending});
  if (output.evaluate)
    out.evaluate = bindEvaluation(ctx, *output.evaluate, output.outputter, schema, ctx.stateOf(source.id));
  ctx.program.outputs.push_back(std::move(out));
}

// Every rowset is known before binding starts, so that a use before the
// definition can say so; rowsets dropped for a syntax error are registered
// up front with an unknown schema (id -1), so their uses stay quiet.
void declareRowsets(SemaContext& ctx, const ast::Workflow& workflow) {
  for (const ast::Statement& statement : workflow.statements)
    if (const auto* assign = std::get_if<ast::AssignStmt>(&statement.node))
      ctx.definedLater.emplace(assign->name.name, assign->name.range);
  for (const ast::Ident& broken : workflow.brokenRowsets)
    if (!ctx.definedLater.count(broken.name))
      ctx.rowsets.emplace(broken.name, NamedRowset{-1, broken.range, true});
}

}  // namespace
}  // namespace sema

std::optional<BoundProgram> analyze(const ast::Workflow& workflow, const SourceFile& file,
                                    const AnalyzeOptions& options, DiagnosticEngine& diags) {
  assert(options.registry && "analyze() needs the operators' signatures (OperatorCatalog::signatures())");
  const OperatorRegistry& registry = *options.registry;
  // Statements with syntax errors were dropped, so rowsets they read would look unused.
  bool syntaxErrors = diags.hasErrors();
  sema::SemaContext ctx(diags, registry);
  ctx.importFailed = options.importFailed;
  ctx.program.sourcePath = file.path();
  sema::resolveParams(ctx, workflow, options.paramOverrides, options.paramOrigins);

  sema::declareRowsets(ctx, workflow);
  sema::RelationBinder binder(ctx);
  std::map<std::string, SourceRange> optionsSeen;
  for (const ast::Statement& statement : workflow.statements) {
    std::visit(
        [&](const auto& node) {
          using N = std::decay_t<decltype(node)>;
          if constexpr (std::is_same_v<N, ast::SetStmt>) sema::bindSet(ctx, node, optionsSeen);
          if constexpr (std::is_same_v<N, ast::ImportStmt>) ctx.program.imports.push_back(node.path);
          if constexpr (std::is_same_v<N, ast::AssignStmt>) sema::bindAssign(ctx, binder, node);
          if constexpr (std::is_same_v<N, ast::OutputStmt>)
            sema::bindOutput(ctx, binder, node, statement.range);
        },
        statement.node);
  }
  if (!syntaxErrors) sema::warnUnusedRowsets(ctx);
  if (diags.hasErrors()) return std::nullopt;
  return std::move(ctx.program);
}

}  // namespace popper

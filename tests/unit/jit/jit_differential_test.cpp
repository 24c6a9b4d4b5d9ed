// The JIT's differential test: thousands of random well-typed expressions,
// each compiled (one module per round, as for a workflow) and run over random
// batches and selections; the compiled evaluator must produce exactly the
// interpreter's values and exactly its row errors (row, source range, message),
// for evaluate and for filter. Roots are numeric, boolean and string-valued;
// every builtin appears; column reads come from the row and from a traced row
// (handler DETECT/SET expressions, `t.col`), through a random tracedRows map.
#include <doctest/doctest.h>

#include <cstring>
#include <set>

#include "compiler/jit/JitEvaluator.h"
#include "compiler/jit/JitSession.h"
#include "runtime/expr/Interpreter.h"
#include "tests/unit/jit/random_exprs.h"

namespace popper {
namespace {

using jittest::RandomExprs;

bool sameValue(const Column& a, const Column& b, size_t i) {
  switch (a.type) {
    case Type::Int:
      return a.ints[i] == b.ints[i];
    case Type::Bool:
      return a.bools[i] == b.bools[i];
    case Type::String:
      return a.strings[i] == b.strings[i];
    case Type::Float: {
      double x = a.floats[i], y = b.floats[i];
      if (std::isnan(x) || std::isnan(y)) return std::isnan(x) && std::isnan(y);
      return std::memcmp(&x, &y, sizeof x) == 0;  // -0.0 and 0.0 differ
    }
  }
  return false;
}

std::string describe(const std::vector<RowError>& errors) {
  std::string s;
  for (const RowError& e : errors)
    s += std::to_string(e.row) + "@" + std::to_string(e.range.begin) + ":" + e.message + "; ";
  return s;
}

void collect(const BoundExpr& e, std::set<BuiltinFunc>& funcs, int& tracedReads) {
  if (e.kind == BoundExpr::Kind::Call) funcs.insert(e.func);
  if (e.kind == BoundExpr::Kind::Column && e.input == 1) ++tracedReads;
  for (const BoundExpr& a : e.args) collect(a, funcs, tracedReads);
}

void requireSameErrors(const RowErrors& want, const RowErrors& got) {
  std::vector<RowError> a = want.sortedByRow(), b = got.sortedByRow();
  bool same = a.size() == b.size();
  for (size_t k = 0; same && k < a.size(); ++k)
    same = a[k].row == b[k].row && a[k].range.begin == b[k].range.begin && a[k].message == b[k].message;
  if (!same) FAIL_CHECK("row errors differ: interpreter {" << describe(a) << "} jit {" << describe(b) << "}");
}

TEST_CASE("jit and interpreter agree on 10,000 random expressions, values and row errors") {
  RandomExprs gen(20261121);
  gen.readTraced(true);
  constexpr int kWanted = 10000;
  constexpr int kPerModule = 500;
  int compiled = 0, interpreted = 0, checkedRows = 0, errorRows = 0, stringRoots = 0, tracedReads = 0;
  std::set<BuiltinFunc> funcs;
  while (compiled < kWanted) {
    auto session = jit::JitSession::create(jit::JitOptions{0, false, ""});
    REQUIRE(session.isOk());
    std::vector<BoundExpr> exprs;
    std::vector<std::unique_ptr<ExprEvaluator>> evaluators;
    for (int k = 0; k < kPerModule; ++k) {
      size_t r = gen.pick(8);
      Type t = r < 3 ? Type::Bool : r < 6 ? gen.numericType() : Type::String;
      exprs.push_back(gen.expr(t, 1 + static_cast<int>(gen.pick(5))));
      evaluators.push_back((*session)->makeEvaluator(exprs.back()));
    }
    Status st = (*session)->compileNow();
    REQUIRE_MESSAGE(st.isOk(), st.message());
    for (size_t k = 0; k < exprs.size(); ++k) {
      auto* jitEval = dynamic_cast<jit::JitEvaluator*>(evaluators[k].get());
      if (!jitEval) {
        ++interpreted;
        continue;
      }
      REQUIRE(jitEval->isCompiled());
      ++compiled;
      collect(exprs[k], funcs, tracedReads);
      stringRoots += exprs[k].type == Type::String;
      Interpreter reference(exprs[k]);
      Batch batch = gen.batch(1 + gen.pick(40));
      Batch traced = gen.batch(1 + gen.pick(10));
      std::vector<uint32_t> tracedRows(batch.size());
      for (uint32_t& row : tracedRows) row = static_cast<uint32_t>(gen.pick(traced.size()));
      // Without a tracedRows map, row r of the traced batch is traced row r.
      bool mapped = gen.pick(4) != 0 || traced.size() < batch.size();
      Selection sel = gen.selection(batch.size());
      EvalContext ctx{&batch, &traced, mapped ? tracedRows.data() : nullptr, &batch.arena()};

      Column want, got;
      RowErrors wantErrors, gotErrors;
      reference.evaluate(ctx, sel, want, wantErrors);
      jitEval->evaluate(ctx, sel, got, gotErrors);
      requireSameErrors(wantErrors, gotErrors);
      REQUIRE(got.type == want.type);
      REQUIRE(got.size() == sel.size());
      for (size_t i = 0; i < sel.size(); ++i) {
        if (wantErrors.hasFailed(sel[i])) continue;
        ++checkedRows;
        if (!sameValue(want, got, i)) FAIL_CHECK("expression " << k << " differs at row " << sel[i]);
      }
      errorRows += static_cast<int>(wantErrors.size());

      if (exprs[k].type == Type::Bool) {
        Selection wantSel, gotSel;
        RowErrors wantFilterErrors, gotFilterErrors;
        reference.filter(ctx, sel, wantSel, wantFilterErrors);
        jitEval->filter(ctx, sel, gotSel, gotFilterErrors);
        CHECK(wantSel == gotSel);
        requireSameErrors(wantFilterErrors, gotFilterErrors);
      }
    }
  }
  MESSAGE("compiled " << compiled << " expressions (" << interpreted << " bare columns/constants left to the "
                      << "interpreter), " << stringRoots << " string-valued, " << funcs.size()
                      << " builtins, " << tracedReads << " traced-row reads, " << checkedRows
                      << " row values compared, " << errorRows << " row errors compared");
  CHECK(compiled >= kWanted);
  CHECK(errorRows > 1000);
  CHECK(stringRoots > 1000);
  CHECK(tracedReads > 1000);
  CHECK(funcs.size() == static_cast<size_t>(BuiltinFunc::Matches) + 1);  // every builtin
}

}  // namespace
}  // namespace popper

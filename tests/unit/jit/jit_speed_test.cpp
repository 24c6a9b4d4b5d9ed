// Expression evaluation alone, over in-memory batches: the JIT benchmark's
// WHERE (with string predicates) and computed columns (tests/bench/jit_bench.sh,
// bound by the real front end) evaluated by the interpreter, by the JIT and by
// a hand-written C++ loop computing the same values (with the same overflow
// and division checks). The results must match; the times are printed (for
// tests/bench/RESULTS.md), not asserted, since this machine is shared.
// POPPER_JIT_BENCH_ROWS sets the row count (default 1M; the benchmark uses 10M).
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <random>
#include <string_view>

#include "compiler/jit/JitSession.h"
#include "compiler/parse/Parser.h"
#include "compiler/sema/Analyzer.h"
#include "runtime/expr/Interpreter.h"
#include "tests/support/TestCatalog.h"

namespace popper {
namespace {

const char* kWorkflow =
    R"(rows = EXTRACT id:int, seg:string, speed:float, lanes:int, note:string FROM "data.csv" USING Csv(header: true);
calc = SELECT seg, speed * 1.609 AS kmh, (lanes * 2 + id % 7) * 3 - lanes AS score,
              IF(speed > 100.0, 1, 0) AS fast, round(speed / to_float(lanes) * 10.0) / 10.0 AS per_lane,
              abs(id % 1000 - 500) * lanes AS spread
       FROM rows
       WHERE speed > 10.0 AND lanes >= 2 AND id % 3 != 1 AND (contains(note, "traffic") OR starts_with(note, "c"));
OUTPUT calc TO "out.csv" USING Csv();
)";

enum { kId, kSeg, kSpeed, kLanes, kNote };

BoundSelect benchSelect() {
  SourceFile file("jit_bench.scope", kWorkflow);
  DiagnosticEngine diags(file);
  ast::Workflow workflow = parseWorkflow(file, diags);
  std::optional<BoundProgram> program = analyze(workflow, file, testing::testAnalyzeOptions(), diags);
  REQUIRE(program);
  for (const BoundRelation& r : program->relations)
    if (r.name == "calc") return std::get<BoundSelect>(r.node);
  FAIL("no calc");
  return {};
}

// The benchmark's data (jit_bench.sh's generator, in memory).
Batch benchData(size_t rows) {
  auto schema = std::make_shared<Schema>();
  schema->push_back({"id", Type::Int, std::nullopt});
  schema->push_back({"seg", Type::String, std::nullopt});
  schema->push_back({"speed", Type::Float, std::nullopt});
  schema->push_back({"lanes", Type::Int, std::nullopt});
  schema->push_back({"note", Type::String, std::nullopt});
  Batch b(schema);
  static const char* segs[] = {"north", "south", "east", "west"};
  static const char* notes[] = {"ok", "slow traffic", "jam ahead", "clear", "roadworks"};
  std::mt19937_64 rng(7);
  for (size_t r = 0; r < rows; ++r) {
    b.rowIds.push_back(RowId{r});
    b.weights.push_back(1);
    b.column(kId).ints.push_back(static_cast<int64_t>(r));
    b.column(kSeg).strings.push_back(segs[rng() % 4]);
    b.column(kSpeed).floats.push_back(std::round(std::uniform_real_distribution<double>(0, 130)(rng) * 100) /
                                      100);
    b.column(kLanes).ints.push_back(static_cast<int64_t>(rng() % 5 + 1));
    b.column(kNote).strings.push_back(notes[rng() % 5]);
  }
  return b;
}

struct Results {
  std::vector<uint32_t> selected;
  std::vector<double> kmh, perLane;
  std::vector<int64_t> score, fast, spread;
  void clear() {
    selected.clear();
    kmh.clear(), perLane.clear(), score.clear(), fast.clear(), spread.clear();
  }
};

constexpr size_t kBatch = 2048;

using Clock = std::chrono::steady_clock;
double millis(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

struct Timing {
  double filter = 0, columns = 0;  // milliseconds: the WHERE, the five computed columns
  double total() const { return filter + columns; }
};

// One evaluator per expression, as RowSteps makes them; returns the time
// spent evaluating (collecting the results is not timed).
Timing runEvaluators(ExprEvaluator& where, std::vector<std::unique_ptr<ExprEvaluator>>& columns,
                     const Batch& data, Results& out) {
  out.clear();
  Selection all, sel;
  Column values[5];
  RowErrors errors;
  StringArena arena;
  Clock::duration filterTime{}, columnsTime{};
  for (size_t base = 0; base < data.size(); base += kBatch) {
    size_t n = std::min(kBatch, data.size() - base);
    all.resize(n);
    for (size_t i = 0; i < n; ++i) all[i] = static_cast<uint32_t>(base + i);
    EvalContext ctx{&data, nullptr, nullptr, &arena};
    errors.clear();
    auto start = Clock::now();
    where.filter(ctx, all, sel, errors);
    auto filtered = Clock::now();
    for (size_t c = 0; c < columns.size(); ++c) columns[c]->evaluate(ctx, sel, values[c], errors);
    filterTime += filtered - start;
    columnsTime += Clock::now() - filtered;
    out.selected.insert(out.selected.end(), sel.begin(), sel.end());
    out.kmh.insert(out.kmh.end(), values[0].floats.begin(), values[0].floats.end());
    out.score.insert(out.score.end(), values[1].ints.begin(), values[1].ints.end());
    out.fast.insert(out.fast.end(), values[2].ints.begin(), values[2].ints.end());
    out.perLane.insert(out.perLane.end(), values[3].floats.begin(), values[3].floats.end());
    out.spread.insert(out.spread.end(), values[4].ints.begin(), values[4].ints.end());
  }
  return Timing{millis(filterTime), millis(columnsTime)};
}

// The same computation written by hand over the same columns and batches;
// rows that would fail (overflow) are dropped as the engine drops them.
Timing runHandLoop(const Batch& data, Results& out) {
  out.clear();
  const int64_t* id = data.column(kId).ints.data();
  const double* speed = data.column(kSpeed).floats.data();
  const int64_t* lanes = data.column(kLanes).ints.data();
  const std::string_view* note = data.column(kNote).strings.data();
  std::vector<uint32_t> sel(kBatch);
  std::vector<double> kmh(kBatch), perLane(kBatch);
  std::vector<int64_t> score(kBatch), fast(kBatch), spread(kBatch);
  Clock::duration filterTime{}, columnsTime{};
  for (size_t base = 0; base < data.size(); base += kBatch) {
    auto start = Clock::now();
    size_t n = std::min(kBatch, data.size() - base), k = 0;
    for (size_t r = base; r < base + n; ++r) {
      bool keep = speed[r] > 10.0 && lanes[r] >= 2 && id[r] % 3 != 1 &&
                  (note[r].find("traffic") != std::string_view::npos || note[r].starts_with("c"));
      sel[k] = static_cast<uint32_t>(r);
      k += keep;
    }
    auto filtered = Clock::now();
    size_t m = 0;
    for (size_t j = 0; j < k; ++j) {
      uint32_t r = sel[j];
      int64_t a, b, c, d, e;
      bool bad = __builtin_mul_overflow(lanes[r], int64_t{2}, &a) | __builtin_add_overflow(a, id[r] % 7, &b) |
                 __builtin_mul_overflow(b, int64_t{3}, &c) | __builtin_sub_overflow(c, lanes[r], &d) |
                 __builtin_mul_overflow(std::abs(id[r] % 1000 - 500), lanes[r], &e);
      if (bad) continue;
      sel[m] = r;
      kmh[m] = speed[r] * 1.609;
      score[m] = d;
      fast[m] = speed[r] > 100.0 ? 1 : 0;
      perLane[m] = std::round(speed[r] / static_cast<double>(lanes[r]) * 10.0) / 10.0;
      spread[m] = e;
      ++m;
    }
    filterTime += filtered - start;
    columnsTime += Clock::now() - filtered;
    out.selected.insert(out.selected.end(), sel.begin(), sel.begin() + m);
    out.kmh.insert(out.kmh.end(), kmh.begin(), kmh.begin() + m);
    out.score.insert(out.score.end(), score.begin(), score.begin() + m);
    out.fast.insert(out.fast.end(), fast.begin(), fast.begin() + m);
    out.perLane.insert(out.perLane.end(), perLane.begin(), perLane.begin() + m);
    out.spread.insert(out.spread.end(), spread.begin(), spread.begin() + m);
  }
  return Timing{millis(filterTime), millis(columnsTime)};
}

TEST_CASE("jit benchmark expressions: interpreter, jit and a hand loop agree (timed, not asserted)") {
  size_t rows = 1000000;
  if (const char* v = std::getenv("POPPER_JIT_BENCH_ROWS")) rows = std::strtoull(v, nullptr, 10);
  BoundSelect select = benchSelect();
  REQUIRE(select.where);
  REQUIRE(select.projections.size() == 6);  // seg (a bare column, never evaluated), then five computed
  Batch data = benchData(rows);

  Interpreter where(*select.where);
  std::vector<std::unique_ptr<ExprEvaluator>> interpreted;
  for (size_t c = 1; c < 6; ++c) interpreted.push_back(makeInterpreter(select.projections[c]));

  auto session = jit::JitSession::create(jit::JitOptions{0, false, ""});
  REQUIRE(session.isOk());
  auto jitWhere = (*session)->makeEvaluator(*select.where);
  std::vector<std::unique_ptr<ExprEvaluator>> compiled;
  for (size_t c = 1; c < 6; ++c) compiled.push_back((*session)->makeEvaluator(select.projections[c]));
  Status compiledOk = (*session)->compileNow();
  REQUIRE_MESSAGE(compiledOk.isOk(), compiledOk.message());

  Results want, got, hand;
  // Best of 3, per part.
  Timing best[3] = {{1e300, 1e300}, {1e300, 1e300}, {1e300, 1e300}};
  auto keepBest = [](Timing& b, Timing t) {
    b.filter = std::min(b.filter, t.filter);
    b.columns = std::min(b.columns, t.columns);
  };
  for (int round = 0; round < 3; ++round) {
    keepBest(best[0], runEvaluators(where, interpreted, data, want));
    keepBest(best[1], runEvaluators(*jitWhere, compiled, data, got));
    keepBest(best[2], runHandLoop(data, hand));
  }
  CHECK(got.selected == want.selected);
  CHECK(got.score == want.score);
  CHECK(got.fast == want.fast);
  CHECK(got.spread == want.spread);
  CHECK(got.kmh == want.kmh);
  CHECK(got.perLane == want.perLane);
  CHECK(hand.selected == want.selected);
  CHECK(hand.score == want.score);
  CHECK(hand.kmh == want.kmh);
  CHECK(hand.perLane == want.perLane);
  CHECK(hand.spread == want.spread);
  jit::JitStats stats = (*session)->stats();
  auto line = [](const char* what, const Timing& t) {
    return std::string(what) + " " + std::to_string(t.total()) + " ms (where " + std::to_string(t.filter) +
           ", columns " + std::to_string(t.columns) + ")";
  };
  MESSAGE(rows << " rows, " << want.selected.size()
               << " selected; expression evaluation, best of 3: " << line("interpreter", best[0]) << ", "
               << line("jit", best[1]) << ", " << line("hand loop", best[2]) << "; interpreter/jit "
               << best[0].total() / best[1].total() << "x (where " << best[0].filter / best[1].filter
               << "x, columns " << best[0].columns / best[1].columns << "x), jit/hand "
               << best[1].total() / best[2].total() << "x; compile " << stats.compileMillis << " ms wall for "
               << stats.compiledExpressions << " expressions");
}

}  // namespace
}  // namespace popper

// Every builtin through the JIT, table-driven: each case calls one builtin on
// one row whose columns hold the arguments (so the compiled code reads them
// from a batch, as in a workflow), and again with the arguments after the
// first as constants (the compiled code specializes constant needles and
// patterns), and checks the compiled result against the expected value or
// row error, and against the interpreter.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <set>

#include "compiler/jit/JitEvaluator.h"
#include "compiler/jit/JitSession.h"
#include "runtime/expr/Interpreter.h"

namespace popper {
namespace {

using F = BuiltinFunc;
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
const double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Case {
  F func;
  std::vector<Literal> args;
  Type type;            // result type
  Literal want;         // when `error` is empty
  std::string error{};  // the expected row error's message
};

Literal S(std::string v) { return Literal{std::move(v)}; }
Literal I(int64_t v) { return Literal{v}; }
Literal D(double v) { return Literal{v}; }
Literal B(bool v) { return Literal{v}; }

const std::vector<Case>& cases() {
  static const std::vector<Case> table = {
      {F::Len, {S("")}, Type::Int, I(0)},
      {F::Len, {S("日本語")}, Type::Int, I(3)},
      {F::Len, {S("🙂x")}, Type::Int, I(2)},
      {F::Lower, {S("ÀÉÎ ABC Σ")}, Type::String, S("àéî abc σ")},
      {F::Upper, {S("straße ж")}, Type::String, S("STRAßE Ж")},
      {F::Upper, {S("")}, Type::String, S("")},
      {F::Trim, {S(" \t x y \n")}, Type::String, S("x y")},
      {F::Trim, {S("   ")}, Type::String, S("")},
      {F::Contains, {S("slow traffic"), S("traffic")}, Type::Bool, B(true)},
      {F::Contains, {S("abc"), S("")}, Type::Bool, B(true)},
      {F::Contains, {S("né"), S("e")}, Type::Bool, B(false)},
      {F::StartsWith, {S("日本語"), S("日")}, Type::Bool, B(true)},
      {F::StartsWith, {S(""), S("a")}, Type::Bool, B(false)},
      {F::EndsWith, {S("A10-S"), S("-S")}, Type::Bool, B(true)},
      {F::EndsWith, {S("x"), S("xx")}, Type::Bool, B(false)},
      {F::Replace, {S("a-b-c"), S("-"), S("/")}, Type::String, S("a/b/c")},
      {F::Replace, {S("aaa"), S(""), S("x")}, Type::String, S("aaa")},
      {F::Replace, {S("日本日"), S("日"), S("月")}, Type::String, S("月本月")},
      {F::Substr, {S("日本語ab"), I(1)}, Type::String, S("本語ab")},
      {F::Substr, {S("日本語ab"), I(1), I(2)}, Type::String, S("本語")},
      {F::Substr, {S("abc"), I(-5), I(2)}, Type::String, S("ab")},
      {F::Substr, {S("abc"), I(7)}, Type::String, S("")},
      {F::Substr, {S("abc"), I(0), I(-1)}, Type::String, S("")},
      {F::Concat, {S("a"), I(-7), D(2.5), B(true)}, Type::String, S("a-72.5true")},
      {F::Concat, {D(1e16), D(kNaN)}, Type::String, S("1e+16nan")},
      {F::ToInt, {S("42")}, Type::Int, I(42)},
      {F::ToInt, {S("-9223372036854775808")}, Type::Int, I(kMin)},
      {F::ToInt, {S(" 5")}, Type::Int, I(0), "cannot convert ' 5' to int"},
      {F::ToInt, {S("9223372036854775808")}, Type::Int, I(0), "cannot convert '9223372036854775808' to int"},
      {F::ToInt, {D(-2.9)}, Type::Int, I(-2)},
      {F::ToInt, {D(kNaN)}, Type::Int, I(0), "cannot convert nan to int"},
      {F::ToInt, {D(9.3e18)}, Type::Int, I(0), "cannot convert 9.3e+18 to int"},
      {F::ToInt, {B(true)}, Type::Int, I(1)},
      {F::ToFloat, {S("1.5")}, Type::Float, D(1.5)},
      {F::ToFloat, {S("x")}, Type::Float, D(0), "cannot convert 'x' to float"},
      {F::ToFloat, {I(kMin)}, Type::Float, D(-9223372036854775808.0)},
      {F::ToString, {I(kMin)}, Type::String, S("-9223372036854775808")},
      {F::ToString, {D(0.1)}, Type::String, S("0.1")},
      {F::ToString, {D(-0.0)}, Type::String, S("-0.0")},
      {F::ToString, {B(false)}, Type::String, S("false")},
      {F::ToString, {S("日")}, Type::String, S("日")},
      {F::Abs, {I(-5)}, Type::Int, I(5)},
      {F::Abs, {I(kMin)}, Type::Int, I(0), "integer overflow"},
      {F::Abs, {D(-0.0)}, Type::Float, D(0.0)},
      {F::Round, {D(2.5)}, Type::Float, D(3.0)},
      {F::Round, {D(-2.5)}, Type::Float, D(-3.0)},
      {F::Round, {I(7)}, Type::Int, I(7)},
      {F::Floor, {D(-1.5)}, Type::Float, D(-2.0)},
      {F::Ceil, {D(-1.5)}, Type::Float, D(-1.0)},
      {F::Ceil, {D(kNaN)}, Type::Float, D(kNaN)},
      {F::Min, {I(3), I(kMin), I(0)}, Type::Int, I(kMin)},
      {F::Min, {D(1.0), D(kNaN)}, Type::Float, D(kNaN)},
      {F::Min, {S("b"), S("ab"), S("é")}, Type::String, S("ab")},
      {F::Max, {S("b"), S("é")}, Type::String, S("é")},
      {F::Max, {D(-1.0), D(-0.5)}, Type::Float, D(-0.5)},
      {F::Max, {B(false), B(true)}, Type::Bool, B(true)},
      {F::Matches, {S("A10-S"), S("^[A-Z][0-9]+-[A-Z]$")}, Type::Bool, B(true)},
      {F::Matches, {S("日本"), S("^.{2}$")}, Type::Bool, B(true)},
      {F::Matches, {S("x"), S("(")}, Type::Bool, B(false), "invalid regular expression '(': missing ): ("},
  };
  return table;
}

bool same(const Column& c, const Literal& want) {
  switch (c.type) {
    case Type::Int:
      return c.ints[0] == want.asInt();
    case Type::Bool:
      return c.bools[0] == want.asBool();
    case Type::String:
      return c.strings[0] == want.asString();
    case Type::Float: {
      double x = c.floats[0], y = want.asFloat();
      if (std::isnan(x) || std::isnan(y)) return std::isnan(x) && std::isnan(y);
      return x == y && std::signbit(x) == std::signbit(y);
    }
  }
  return false;
}

TEST_CASE("every builtin, compiled: expected values and row errors, as the interpreter") {
  auto session = jit::JitSession::create(jit::JitOptions{0, false, ""});
  REQUIRE(session.isOk());
  std::vector<BoundExpr> exprs;
  std::vector<Batch> batches;
  std::vector<std::unique_ptr<ExprEvaluator>> evaluators;
  std::vector<const Case*> caseOf;
  for (const Case& c : cases())
    for (bool constants : {false, true}) {
      caseOf.push_back(&c);
      auto schema = std::make_shared<Schema>();
      BoundExpr call;
      call.kind = BoundExpr::Kind::Call;
      call.func = c.func;
      call.type = c.type;
      call.range = SourceRange{10, 20};
      for (size_t k = 0; k < c.args.size(); ++k) {
        std::string name = "a";  // (not "a" + to_string: GCC 12 warns falsely about that)
        name += std::to_string(k);
        schema->push_back({name, c.args[k].type(), std::nullopt});
        BoundExpr col;
        col.kind = BoundExpr::Kind::Column;
        col.column = static_cast<int>(k);
        col.type = c.args[k].type();
        BoundExpr constant;
        constant.kind = BoundExpr::Kind::Const;
        constant.type = c.args[k].type();
        constant.value = c.args[k];
        call.args.push_back(constants && k > 0 ? constant : col);
      }
      Batch b(schema);
      b.rowIds.push_back(RowId{0});
      b.weights.push_back(1);
      for (size_t k = 0; k < c.args.size(); ++k) {
        Column& col = b.column(static_cast<int>(k));
        const Literal& v = c.args[k];
        switch (v.type()) {
          case Type::Int:
            col.ints.push_back(v.asInt());
            break;
          case Type::Float:
            col.floats.push_back(v.asFloat());
            break;
          case Type::Bool:
            col.bools.push_back(v.asBool());
            break;
          case Type::String:
            col.strings.push_back(b.arena().store(v.asString()));
            break;
        }
      }
      exprs.push_back(std::move(call));
      batches.push_back(std::move(b));
    }
  for (const BoundExpr& e : exprs) evaluators.push_back((*session)->makeEvaluator(e));
  REQUIRE((*session)->compileNow().isOk());

  std::set<F> covered;
  for (size_t k = 0; k < exprs.size(); ++k) {
    const Case& c = *caseOf[k];
    auto* compiled = dynamic_cast<jit::JitEvaluator*>(evaluators[k].get());
    REQUIRE(compiled);
    REQUIRE(compiled->isCompiled());
    covered.insert(c.func);
    Batch& b = batches[k];
    EvalContext ctx{&b, nullptr, nullptr, &b.arena()};
    Selection sel{0};
    Column got, want;
    RowErrors gotErrors, wantErrors;
    compiled->evaluate(ctx, sel, got, gotErrors);
    Interpreter(exprs[k]).evaluate(ctx, sel, want, wantErrors);
    INFO("case " << k);
    REQUIRE(got.type == c.type);
    if (c.error.empty()) {
      CHECK(gotErrors.empty());
      CHECK(same(got, c.want));
      CHECK(same(want, c.want));
    } else {
      REQUIRE(gotErrors.size() == 1);
      CHECK(gotErrors.errors()[0].message == c.error);
      CHECK(gotErrors.errors()[0].range.begin == 10);
      REQUIRE(wantErrors.size() == 1);
      CHECK(wantErrors.errors()[0].message == c.error);
    }
  }
  CHECK(covered.size() == static_cast<size_t>(F::Matches) + 1);
}

}  // namespace
}  // namespace popper

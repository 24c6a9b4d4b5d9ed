// Every built-in function, including UTF-8 text, edge values, NaN and INT64_MIN.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "expr_builders.h"

using namespace popper;
using namespace popper::test;
using F = BuiltinFunc;

namespace {
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

Batch strings(const std::vector<std::string>& v) {
  return BatchBuilder({{"s", Type::String}}).strings(0, v).done();
}
std::vector<std::string> texts(const Column& c) { return {c.strings.begin(), c.strings.end()}; }
BoundExpr s0() { return col(0, Type::String); }

// f(s) over the given strings, as strings.
std::vector<std::string> mapStrings(F f, const std::vector<std::string>& in,
                                    std::vector<BoundExpr> extra = {}) {
  std::vector<BoundExpr> args{s0()};
  for (BoundExpr& e : extra) args.push_back(std::move(e));
  Batch b = strings(in);
  auto r = evaluateAll(call(f, Type::String, std::move(args)), b);
  REQUIRE(r->errors.empty());
  return texts(r->column);
}
}  // namespace

TEST_CASE("len counts UTF-8 characters") {
  Batch b = strings({"", "abc", "né", "日本語", "🙂x"});
  CHECK(evaluateAll(call(F::Len, Type::Int, {s0()}), b)->column.ints == std::vector<int64_t>{0, 3, 2, 3, 2});
}

TEST_CASE("lower and upper map ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic") {
  CHECK(mapStrings(F::Lower, {"HeLLo", "ÀÉÎÕÜ", "ŁÓDŹ", "ΑΒΓΣ Ά", "ПРИВЕТ Ё", "ß1!"}) ==
        std::vector<std::string>{"hello", "àéîõü", "łódź", "αβγσ ά", "привет ё", "ß1!"});
  CHECK(mapStrings(F::Upper, {"hello", "àéîõüÿ", "łódź", "αβγς ά", "привет ё", "ß"}) ==
        std::vector<std::string>{"HELLO", "ÀÉÎÕÜŸ", "ŁÓDŹ", "ΑΒΓΣ Ά", "ПРИВЕТ Ё", "ß"});
  CHECK(mapStrings(F::Upper, {"ı", "日本"}) == std::vector<std::string>{"I", "日本"});
  // Invalid UTF-8 passes through untouched.
  CHECK(mapStrings(F::Lower, {std::string("A\xC3", 2)}) == std::vector<std::string>{std::string("a\xC3", 2)});
}

TEST_CASE("trim removes ASCII whitespace at both ends") {
  CHECK(mapStrings(F::Trim, {"  a b \t\n", "", "   ", "x"}) == std::vector<std::string>{"a b", "", "", "x"});
}

TEST_CASE("contains, starts_with, ends_with") {
  Batch b = strings({"hello world", "", "héllo"});
  auto c = evaluateAll(call(F::Contains, Type::Bool, {s0(), litStr("llo")}), b);
  CHECK(c->column.bools == std::vector<uint8_t>{1, 0, 1});
  auto e = evaluateAll(call(F::Contains, Type::Bool, {s0(), litStr("")}), b);
  CHECK(e->column.bools == std::vector<uint8_t>{1, 1, 1});
  auto sw = evaluateAll(call(F::StartsWith, Type::Bool, {s0(), litStr("hé")}), b);
  CHECK(sw->column.bools == std::vector<uint8_t>{0, 0, 1});
  auto ew = evaluateAll(call(F::EndsWith, Type::Bool, {s0(), litStr("world")}), b);
  CHECK(ew->column.bools == std::vector<uint8_t>{1, 0, 0});
}

TEST_CASE("replace replaces every occurrence; an empty pattern changes nothing") {
  CHECK(mapStrings(F::Replace, {"a-b-c", "---", "none"}, {litStr("-"), litStr("+=")}) ==
        std::vector<std::string>{"a+=b+=c", "+=+=+=", "none"});
  CHECK(mapStrings(F::Replace, {"abc"}, {litStr(""), litStr("x")}) == std::vector<std::string>{"abc"});
  CHECK(mapStrings(F::Replace, {"aaa"}, {litStr("aa"), litStr("b")}) == std::vector<std::string>{"ba"});
  CHECK(mapStrings(F::Replace, {"é-é"}, {litStr("é"), litStr("")}) == std::vector<std::string>{"-"});
}

TEST_CASE("substr counts characters from 0 and clamps out of range to empty") {
  CHECK(mapStrings(F::Substr, {"hello", "日本語です", "ab"}, {litInt(1), litInt(3)}) ==
        std::vector<std::string>{"ell", "本語で", "b"});
  CHECK(mapStrings(F::Substr, {"hello", "日本語"}, {litInt(2)}) == std::vector<std::string>{"llo", "語"});
  CHECK(mapStrings(F::Substr, {"hello"}, {litInt(10), litInt(2)}) == std::vector<std::string>{""});
  CHECK(mapStrings(F::Substr, {"hello"}, {litInt(-3), litInt(2)}) == std::vector<std::string>{"he"});
  CHECK(mapStrings(F::Substr, {"hello"}, {litInt(1), litInt(-1)}) == std::vector<std::string>{""});
  CHECK(mapStrings(F::Substr, {"hello"}, {litInt(3), litInt(100)}) == std::vector<std::string>{"lo"});
}

TEST_CASE("concat formats every type as to_string does") {
  Batch b = BatchBuilder({{"i", Type::Int}, {"f", Type::Float}, {"b", Type::Bool}, {"s", Type::String}})
                .ints(0, {-3})
                .floats(1, {36.0})
                .bools(2, {1})
                .strings(3, {"é"})
                .done();
  auto r = evaluateAll(call(F::Concat, Type::String,
                            {col(0, Type::Int), litStr("|"), col(1, Type::Float), litStr("|"),
                             col(2, Type::Bool), litStr("|"), col(3, Type::String)}),
                       b);
  CHECK(r->column.strings[0] == "-3|36.0|true|é");
}

TEST_CASE("to_int: strings parse whole, floats truncate, NaN and out of range fail") {
  Batch b = strings({"42", "-7", "+5", "abc", " 1", "1 ", "", "9223372036854775808", "1.5"});
  auto r = evaluateAll(call(F::ToInt, Type::Int, {s0()}), b);
  CHECK(r->column.ints[0] == 42);
  CHECK(r->column.ints[1] == -7);
  CHECK(r->column.ints[2] == 5);
  auto errs = r->errors.sortedByRow();
  REQUIRE(errs.size() == 6);
  CHECK(errs[0].row == 3);
  CHECK(errs[0].message == "cannot convert 'abc' to int");
  CHECK(errs[1].message == "cannot convert ' 1' to int");

  Batch f = BatchBuilder({{"f", Type::Float}})
                .floats(0, {2.9, -2.9, std::nan(""), 1e19, -9223372036854775808.0, INFINITY})
                .done();
  auto rf = evaluateAll(call(F::ToInt, Type::Int, {col(0, Type::Float)}), f);
  CHECK(rf->column.ints[0] == 2);
  CHECK(rf->column.ints[1] == -2);
  CHECK(rf->column.ints[4] == kMin);
  auto ferrs = rf->errors.sortedByRow();
  REQUIRE(ferrs.size() == 3);
  CHECK(ferrs[0].message == "cannot convert nan to int");

  Batch bo = BatchBuilder({{"b", Type::Bool}}).bools(0, {1, 0}).done();
  CHECK(evaluateAll(call(F::ToInt, Type::Int, {col(0, Type::Bool)}), bo)->column.ints ==
        std::vector<int64_t>{1, 0});
}

TEST_CASE("to_float parses whole strings and widens ints") {
  Batch b = strings({"3.5", "1e-3", "-0", "inf", "x1", "2.5 "});
  auto r = evaluateAll(call(F::ToFloat, Type::Float, {s0()}), b);
  CHECK(r->column.floats[0] == 3.5);
  CHECK(r->column.floats[1] == 0.001);
  CHECK(std::isinf(r->column.floats[3]));
  auto errs = r->errors.sortedByRow();
  REQUIRE(errs.size() == 2);
  CHECK(errs[0].message == "cannot convert 'x1' to float");
  Batch i = BatchBuilder({{"i", Type::Int}}).ints(0, {kMin}).done();
  CHECK(evaluateAll(call(F::ToFloat, Type::Float, {col(0, Type::Int)}), i)->column.floats[0] ==
        -9223372036854775808.0);
}

TEST_CASE("to_string prints floats in shortest round-trip form with '.' or exponent") {
  Batch f =
      BatchBuilder({{"f", Type::Float}})
          .floats(0, {36.0, 0.1, 1e20, -0.0, 1.0 / 3, std::nan(""), -INFINITY, 123456789012345680.0, 5e-324})
          .done();
  auto r = evaluateAll(call(F::ToString, Type::String, {col(0, Type::Float)}), f);
  CHECK(texts(r->column) == std::vector<std::string>{"36.0", "0.1", "1e+20", "-0.0", "0.3333333333333333",
                                                     "nan", "-inf", "1.2345678901234568e+17", "5e-324"});
  Batch i = BatchBuilder({{"i", Type::Int}, {"b", Type::Bool}}).ints(0, {kMin, 0}).bools(1, {1, 0}).done();
  CHECK(texts(evaluateAll(call(F::ToString, Type::String, {col(0, Type::Int)}), i)->column) ==
        std::vector<std::string>{"-9223372036854775808", "0"});
  CHECK(texts(evaluateAll(call(F::ToString, Type::String, {col(1, Type::Bool)}), i)->column) ==
        std::vector<std::string>{"true", "false"});
}

TEST_CASE("abs of ints and floats; abs(INT64_MIN) is a row error") {
  Batch b = BatchBuilder({{"i", Type::Int}, {"f", Type::Float}})
                .ints(0, {-5, kMin, 7})
                .floats(1, {-0.5, -0.0, 2})
                .done();
  auto r = evaluateAll(call(F::Abs, Type::Int, {col(0, Type::Int)}), b);
  REQUIRE(r->errors.size() == 1);
  CHECK(r->errors.errors()[0].row == 1);
  CHECK(r->errors.errors()[0].message == "integer overflow");
  CHECK(r->column.ints[0] == 5);
  CHECK(r->column.ints[2] == 7);
  auto f = evaluateAll(call(F::Abs, Type::Float, {col(1, Type::Float)}), b);
  CHECK(f->column.floats == std::vector<double>{0.5, 0.0, 2});
  CHECK(!std::signbit(f->column.floats[1]));
}

TEST_CASE("round is half away from zero; floor and ceil; ints unchanged") {
  Batch b = BatchBuilder({{"f", Type::Float}, {"i", Type::Int}})
                .floats(0, {2.5, -2.5, 0.49999999999999994, 1.5, -0.4})
                .ints(1, {3, -3, kMin, 0, 1})
                .done();
  CHECK(evaluateAll(call(F::Round, Type::Float, {col(0, Type::Float)}), b)->column.floats ==
        std::vector<double>{3, -3, 0, 2, -0.0});
  CHECK(evaluateAll(call(F::Floor, Type::Float, {col(0, Type::Float)}), b)->column.floats ==
        std::vector<double>{2, -3, 0, 1, -1});
  CHECK(evaluateAll(call(F::Ceil, Type::Float, {col(0, Type::Float)}), b)->column.floats ==
        std::vector<double>{3, -2, 1, 2, -0.0});
  CHECK(evaluateAll(call(F::Round, Type::Int, {col(1, Type::Int)}), b)->column.ints ==
        std::vector<int64_t>{3, -3, kMin, 0, 1});
}

TEST_CASE("min and max over several arguments of one type") {
  Batch b = BatchBuilder({{"a", Type::Int}, {"b", Type::Int}, {"s", Type::String}, {"f", Type::Float}})
                .ints(0, {1, 9})
                .ints(1, {5, -2})
                .strings(2, {"b", "é"})
                .floats(3, {std::nan(""), 1.5})
                .done();
  CHECK(evaluateAll(call(F::Min, Type::Int, {col(0, Type::Int), col(1, Type::Int), litInt(3)}), b)
            ->column.ints == std::vector<int64_t>{1, -2});
  CHECK(evaluateAll(call(F::Max, Type::Int, {col(0, Type::Int), col(1, Type::Int), litInt(3)}), b)
            ->column.ints == std::vector<int64_t>{5, 9});
  CHECK(texts(evaluateAll(call(F::Max, Type::String, {col(2, Type::String), litStr("c")}), b)->column) ==
        std::vector<std::string>{"c", "é"});
  auto f = evaluateAll(call(F::Min, Type::Float, {col(3, Type::Float), litFloat(0.0)}), b);
  CHECK(std::isnan(f->column.floats[0]));
  CHECK(f->column.floats[1] == 0.0);
}

TEST_CASE("matches is an RE2 partial match; a bad pattern is a row error") {
  Batch b = strings({"abc123", "xyz", "日本"});
  auto r = evaluateAll(call(F::Matches, Type::Bool, {s0(), litStr("[0-9]+")}), b);
  CHECK(r->column.bools == std::vector<uint8_t>{1, 0, 0});
  auto anchored = evaluateAll(call(F::Matches, Type::Bool, {s0(), litStr("^x.z$")}), b);
  CHECK(anchored->column.bools == std::vector<uint8_t>{0, 1, 0});
  auto unicode = evaluateAll(call(F::Matches, Type::Bool, {s0(), litStr("^.本$")}), b);
  CHECK(unicode->column.bools == std::vector<uint8_t>{0, 0, 1});
  auto bad = evaluateAll(call(F::Matches, Type::Bool, {s0(), litStr("(")}), b);
  REQUIRE(bad->errors.size() == 3);
  CHECK(bad->errors.errors()[0].message.rfind("invalid regular expression '('", 0) == 0);
}

TEST_CASE("a pattern from a column is compiled per distinct value") {
  Batch b = BatchBuilder({{"s", Type::String}, {"p", Type::String}})
                .strings(0, {"abc", "abc", "abc"})
                .strings(1, {"^a", "^b", "c$"})
                .done();
  auto r = evaluateAll(call(F::Matches, Type::Bool, {col(0, Type::String), col(1, Type::String)}), b);
  CHECK(r->column.bools == std::vector<uint8_t>{1, 0, 1});
}

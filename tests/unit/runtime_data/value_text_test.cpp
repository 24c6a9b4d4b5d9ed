// Text forms of values: shortest round-trip floats and whole-string parsing.
#include <doctest/doctest.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "runtime/data/ValueText.h"

using namespace popper;

TEST_CASE("floats print shortest, always with '.' or an exponent") {
  CHECK(formatFloat(36.0) == "36.0");
  CHECK(formatFloat(0.1) == "0.1");
  CHECK(formatFloat(1e20) == "1e+20");
  CHECK(formatFloat(-2.5) == "-2.5");
  CHECK(formatFloat(0.0) == "0.0");
  CHECK(formatFloat(-0.0) == "-0.0");
  CHECK(formatFloat(1e-7) == "1e-07");
  // Notation as Python repr: fixed for decimal exponents in [-4, 16), scientific otherwise.
  CHECK(formatFloat(1e-4) == "0.0001");
  CHECK(formatFloat(1e15) == "1000000000000000.0");
  CHECK(formatFloat(1e16) == "1e+16");
  CHECK(formatFloat(-1.5e-5) == "-1.5e-05");
  CHECK(formatFloat(123456789.125) == "123456789.125");
  CHECK(formatFloat(5e-324) == "5e-324");
  CHECK(formatFloat(1.7976931348623157e308) == "1.7976931348623157e+308");
  CHECK(formatFloat(std::nan("")) == "nan");
  CHECK(formatFloat(HUGE_VAL) == "inf");
  CHECK(formatFloat(-HUGE_VAL) == "-inf");
  CHECK(formatFloat(std::numeric_limits<double>::max()) == "1.7976931348623157e+308");
}

TEST_CASE("printed floats read back to the same double") {
  std::mt19937_64 rng(42);
  for (int i = 0; i < 20000; ++i) {
    uint64_t bits = rng();
    double v;
    std::memcpy(&v, &bits, sizeof v);
    if (!std::isfinite(v)) continue;
    std::string s = formatFloat(v);
    std::optional<double> back = parseFloat(s);
    REQUIRE(back);
    CHECK(*back == v);
  }
}

TEST_CASE("ints parse whole strings only") {
  CHECK(parseInt("42") == 42);
  CHECK(parseInt("-9223372036854775808") == std::numeric_limits<int64_t>::min());
  CHECK(parseInt("+7") == 7);
  CHECK(!parseInt("9223372036854775808"));
  CHECK(parseInt("9223372036854775807") == std::numeric_limits<int64_t>::max());
  CHECK(!parseInt("-9223372036854775809"));
  CHECK(!parseInt("99999999999999999999999"));
  CHECK(parseInt("-0") == 0);
  CHECK(parseInt("0000000000000000000000012") == 12);
  CHECK(!parseInt("-"));
  CHECK(!parseInt("--1"));
  CHECK(!parseInt("1-"));
  CHECK(!parseInt(""));
  CHECK(!parseInt(" 1"));
  CHECK(!parseInt("1 "));
  CHECK(!parseInt("1.0"));
  CHECK(!parseInt("+-1"));
  CHECK(!parseInt("0x10"));
}

TEST_CASE("floats and bools parse whole strings only") {
  CHECK(parseFloat("1e-3") == 0.001);
  CHECK(parseFloat("-0.5") == -0.5);
  CHECK(parseFloat("7") == 7.0);
  CHECK(!parseFloat("1.5x"));
  CHECK(!parseFloat(""));
  CHECK(!parseFloat(" 2"));
  CHECK(parseBool("true") == true);
  CHECK(parseBool("FALSE") == false);
  CHECK(!parseBool("yes"));
  CHECK(!parseBool("1"));
}

TEST_CASE("formatFloatTo's fixed notation is to_chars(fixed) of the same value") {
  // The fast path moves the decimal point of the shortest scientific digits;
  // check it against the standard library's fixed notation over random bit
  // patterns and values of every decimal exponent the fixed range uses.
  auto reference = [](double v) {
    char buf[64];
    auto sci = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    const char* e = static_cast<const char*>(std::memchr(buf, 'e', static_cast<size_t>(sci.ptr - buf)));
    int exponent = 0;
    std::from_chars(e + 1 + (e[1] == '+'), sci.ptr, exponent);
    if (exponent < -4 || exponent >= 16) return std::string(buf, sci.ptr);
    auto fixed = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    std::string s(buf, fixed.ptr);
    if (s.find('.') == std::string::npos) s += ".0";
    return s;
  };
  std::mt19937_64 rng(11);
  std::vector<double> values = {0.0,
                                -0.0,
                                1.0,
                                -1.0,
                                0.1,
                                0.0001,
                                0.00012345,
                                9999999999999998.0,
                                1e15,
                                1e16 - 2,
                                123456.789,
                                5e-324,
                                1.7976931348623157e308,
                                9007199254740993.0,
                                0.3,
                                2.5};
  for (int i = 0; i < 200000; ++i) {
    uint64_t bits = rng();
    double v;
    std::memcpy(&v, &bits, sizeof v);
    if (std::isfinite(v)) values.push_back(v);
    int exponent = static_cast<int>(rng() % 22) - 5;  // 1e-5 .. 1e16
    double scaled = std::ldexp(static_cast<double>(rng() >> 11), -53) * std::pow(10.0, exponent);
    values.push_back(i % 2 ? scaled : -scaled);
    values.push_back(std::round(scaled * 1000.0) / 1000.0);  // few decimals, as data has
  }
  for (double v : values) {
    char buf[40];
    std::string got(buf, formatFloatTo(buf, v));
    REQUIRE_MESSAGE(got == reference(v), "value bits differ for " << reference(v));
  }
}

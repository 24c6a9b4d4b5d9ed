// Parser and checker robustness: thousands of broken workflows go through
// parseWorkflow + analyze in-process. None may crash or hang, and every input
// that fails must say why with at least one error at a real location. The
// inputs are mutations of the example workflows (deleted, duplicated, swapped
// and replaced tokens, random bytes, truncations) plus pathological files:
// random bytes, NUL bytes, 10,000-level nesting, a 1 MB line, 2,000 statements.
// Everything is generated from a fixed seed, so a failure reproduces exactly.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "common/SourceFile.h"
#include "compiler/diag/Diagnostic.h"
#include "compiler/parse/Parser.h"
#include "compiler/sema/Analyzer.h"
#include "tests/support/TestCatalog.h"

using namespace popper;

namespace {

using Clock = std::chrono::steady_clock;

constexpr uint64_t kSeed = 20261121;
constexpr int kMutantsPerKindPerWorkflow = 40;
// Generous bounds: a RelWithDebInfo build needs a small fraction of these.
constexpr double kSlowestInputSeconds = 5.0;
constexpr double kWholeTestSeconds = 60.0;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Time spent in every check of this file, and the slowest single input.
struct Budget {
  double totalSeconds = 0;
  double slowestSeconds = 0;
  std::string slowestInput;
};
Budget& budget() {
  static Budget b;
  return b;
}

struct CheckOutcome {
  bool analyzed = false;  // analyze() returned a program
  size_t errors = 0;
  std::string problem;  // empty when the outcome is acceptable
};

// Parses and analyzes `text`; reports a problem if the outcome is inconsistent:
// a failure without an error, an error without a failure, or a diagnostic whose
// range lies outside the file. Rendering is exercised too (long lines, NULs).
CheckOutcome checkText(const std::string& label, const std::string& text) {
  auto start = Clock::now();
  CheckOutcome outcome;
  SourceFile file("mutant.scope", text);
  DiagnosticEngine diags(file);
  ast::Workflow workflow = parseWorkflow(file, diags);
  AnalyzeOptions options = testing::testAnalyzeOptions();
  std::optional<BoundProgram> program = analyze(workflow, file, options, diags);
  outcome.analyzed = program.has_value();
  outcome.errors = diags.errorCount();

  if (!outcome.analyzed && outcome.errors == 0)
    outcome.problem = "analysis failed without reporting an error";
  if (outcome.analyzed && outcome.errors > 0)
    outcome.problem = "analysis succeeded although errors were reported";
  for (const Diagnostic& d : diags.diagnostics()) {
    if (d.range.begin > d.range.end || d.range.end > text.size()) {
      outcome.problem = "diagnostic range [" + std::to_string(d.range.begin) + ", " +
                        std::to_string(d.range.end) + ") outside the file of " + std::to_string(text.size()) +
                        " bytes: " + d.message;
      break;
    }
    if (file.lineColumn(d.range.begin).line > file.lineCount()) {
      outcome.problem = "diagnostic on a line past the end of the file: " + d.message;
      break;
    }
    if (d.message.empty()) {
      outcome.problem = "diagnostic without a message";
      break;
    }
  }
  std::string rendered = renderText(diags);
  if (outcome.errors > 0 && rendered.find(": error: ") == std::string::npos)
    outcome.problem = "errors were reported but the rendering shows none";
  renderJson(diags);

  double seconds = secondsSince(start);
  Budget& b = budget();
  b.totalSeconds += seconds;
  if (seconds > b.slowestSeconds) {
    b.slowestSeconds = seconds;
    b.slowestInput = label;
  }
  if (seconds > kSlowestInputSeconds)
    outcome.problem =
        "took " + std::to_string(seconds) + " s (limit " + std::to_string(kSlowestInputSeconds) + " s)";
  return outcome;
}

// Requires an acceptable outcome; shows the input (cut) when it is not.
CheckOutcome requireClean(const std::string& label, const std::string& text) {
  CheckOutcome outcome = checkText(label, text);
  INFO("input: " << label);
  INFO("text (first 300 bytes): " << text.substr(0, 300));
  CHECK_MESSAGE(outcome.problem.empty(), outcome.problem);
  return outcome;
}

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

struct NamedText {
  std::string name;
  std::string text;
};

std::vector<NamedText> exampleWorkflows() {
  std::vector<NamedText> out;
  std::filesystem::path dir = std::filesystem::path(POPPER_SOURCE_DIR) / "workflows";
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".scope")
      out.push_back({entry.path().filename().string(), readFile(entry.path())});
  std::sort(out.begin(), out.end(), [](const NamedText& a, const NamedText& b) { return a.name < b.name; });
  return out;
}

// Byte ranges of the tokens of a workflow, close enough to the real lexer for
// mutation: identifiers and numbers, strings, comments, two-character
// operators and single punctuation characters.
struct TokenSpan {
  size_t begin;
  size_t end;
};

std::vector<TokenSpan> roughTokens(const std::string& s) {
  std::vector<TokenSpan> tokens;
  auto isWord = [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '.'; };
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (std::isspace(c)) {
      ++i;
      continue;
    }
    size_t start = i;
    if (s.compare(i, 2, "//") == 0) {
      while (i < s.size() && s[i] != '\n') ++i;
    } else if (s.compare(i, 2, "/*") == 0) {
      size_t close = s.find("*/", i + 2);
      i = close == std::string::npos ? s.size() : close + 2;
    } else if (c == '"') {
      ++i;
      while (i < s.size() && s[i] != '"' && s[i] != '\n') i += s[i] == '\\' ? 2 : 1;
      i = std::min(i + 1, s.size());
    } else if (isWord(c)) {
      while (i < s.size() && isWord(static_cast<unsigned char>(s[i]))) ++i;
    } else if (i + 1 < s.size() && s[i + 1] == '=' && std::string("=!<>").find(s[i]) != std::string::npos) {
      i += 2;
    } else {
      ++i;
    }
    tokens.push_back({start, i});
  }
  return tokens;
}

const std::vector<std::string>& replacementTokens() {
  static const std::vector<std::string> words = {"SELECT",  "FROM",    "WHERE",    "JOIN",
                                                 "ON",      "GROUP",   "BY",       "HAVING",
                                                 "PROCESS", "PRODUCE", "REDUCE",   "COMBINE",
                                                 "WITH",    "UNION",   "HANDLE",   "DETECT",
                                                 "CORRECT", "EDIT",    "APPEND",   "TO",
                                                 "DELETE",  "SET",     "RETRY",    "EVENTUALLY",
                                                 "PASS",    "DROP",    "REJECT",   "OUTPUT",
                                                 "ORDER",   "EXTRACT", "USING",    "PARAM",
                                                 "IMPORT",  "AS",      "AND",      "OR",
                                                 "NOT",     "IF",      "true",     "false",
                                                 "(",       ")",       ",",        ";",
                                                 ":",       "=",       "==",       "!=",
                                                 "<",       ">=",      "+",        "-",
                                                 "*",       "/",       "%",        "@",
                                                 ".",       "\"",      "\"x\"",    "/*",
                                                 "*/",      "//",      "0",        "-1",
                                                 "1e",      "3.5",     "x",        "line",
                                                 "string",  "int",     "COUNT(*)", "len",
                                                 "@input",  "Csv()",   "Lines()",  "9999999999999999999999"};
  return words;
}

enum class Mutation { Delete, Duplicate, Swap, Replace, InsertBytes, Truncate };
constexpr Mutation kMutations[] = {Mutation::Delete,  Mutation::Duplicate,   Mutation::Swap,
                                   Mutation::Replace, Mutation::InsertBytes, Mutation::Truncate};

const char* mutationName(Mutation m) {
  switch (m) {
    case Mutation::Delete:
      return "delete";
    case Mutation::Duplicate:
      return "duplicate";
    case Mutation::Swap:
      return "swap";
    case Mutation::Replace:
      return "replace";
    case Mutation::InsertBytes:
      return "insert-bytes";
    case Mutation::Truncate:
      return "truncate";
  }
  return "?";
}

// One to three edits of the same kind, so some mutants break in several places.
std::string mutate(const std::string& original, Mutation kind, std::mt19937_64& rng) {
  std::string text = original;
  int edits = 1 + static_cast<int>(rng() % 3);
  for (int e = 0; e < edits; ++e) {
    std::vector<TokenSpan> tokens = roughTokens(text);
    if (tokens.size() < 2) break;
    size_t t = rng() % (tokens.size() - 1);
    TokenSpan a = tokens[t];
    TokenSpan b = tokens[t + 1];
    switch (kind) {
      case Mutation::Delete:
        text.erase(a.begin, a.end - a.begin);
        break;
      case Mutation::Duplicate:
        text.insert(a.end, " " + text.substr(a.begin, a.end - a.begin));
        break;
      case Mutation::Swap: {
        std::string first = text.substr(a.begin, a.end - a.begin);
        std::string second = text.substr(b.begin, b.end - b.begin);
        text.replace(b.begin, b.end - b.begin, first);
        text.replace(a.begin, a.end - a.begin, second);
        break;
      }
      case Mutation::Replace: {
        const auto& words = replacementTokens();
        text.replace(a.begin, a.end - a.begin, words[rng() % words.size()]);
        break;
      }
      case Mutation::InsertBytes: {
        size_t at = rng() % (text.size() + 1);
        std::string bytes;
        for (size_t n = 1 + rng() % 4; n > 0; --n) bytes += static_cast<char>(rng() % 256);
        text.insert(at, bytes);
        break;
      }
      case Mutation::Truncate:
        text.resize(rng() % text.size());
        return text;
    }
  }
  return text;
}

std::string repeat(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

const std::string kPrelude =
    "trips = EXTRACT id:int, seg:string, speed:float, lanes:int FROM \"segments.csv\" USING Csv(header: "
    "true);\n";

}  // namespace

TEST_CASE("the example workflows check clean in-process") {
  std::vector<NamedText> workflows = exampleWorkflows();
  REQUIRE(workflows.size() >= 15);
  for (const NamedText& wf : workflows) {
    CheckOutcome outcome = requireClean(wf.name, wf.text);
    INFO(wf.name);
    CHECK(outcome.analyzed);
  }
}

TEST_CASE("mutated example workflows never crash and always explain a failure") {
  std::mt19937_64 rng(kSeed);
  std::vector<NamedText> workflows = exampleWorkflows();
  size_t mutants = 0;
  size_t failing = 0;
  for (const NamedText& wf : workflows) {
    for (Mutation kind : kMutations) {
      for (int i = 0; i < kMutantsPerKindPerWorkflow; ++i) {
        std::string text = mutate(wf.text, kind, rng);
        std::string label = wf.name + " " + mutationName(kind) + " #" + std::to_string(i);
        CheckOutcome outcome = requireClean(label, text);
        ++mutants;
        if (!outcome.analyzed) ++failing;
      }
    }
  }
  MESSAGE(mutants << " mutants, " << failing << " rejected with errors");
  CHECK(mutants >= 2000);
  // Nearly every mutant is broken; if few were rejected, the checker is not looking.
  CHECK(failing * 2 > mutants);
}

TEST_CASE("random bytes and NUL bytes") {
  std::mt19937_64 rng(kSeed + 1);
  for (int i = 0; i < 300; ++i) {
    std::string text;
    size_t length = rng() % 2000;
    for (size_t n = 0; n < length; ++n) text += static_cast<char>(rng() % 256);
    requireClean("random bytes #" + std::to_string(i), text);
  }
  // Printable noise built from the language's own characters gets further into the parser.
  const std::string alphabet = "abcxyz_019 \n\t\"\\(),;:=<>!+-*/%@.#$SELECTFROMWHERE";
  for (int i = 0; i < 300; ++i) {
    std::string text;
    size_t length = rng() % 500;
    for (size_t n = 0; n < length; ++n) text += alphabet[rng() % alphabet.size()];
    requireClean("language noise #" + std::to_string(i), text);
  }
  std::string nul(1, '\0');
  requireClean("only NULs", std::string(64, '\0'));
  CheckOutcome between =
      requireClean("NUL between statements", kPrelude + nul + "OUTPUT trips TO \"o.csv\" USING Csv();\n");
  CHECK(between.errors >= 1);
  CheckOutcome inName =
      requireClean("NUL in a name", kPrelude + "OUTPUT tr" + nul + "ips TO \"o.csv\" USING Csv();\n");
  CHECK(inName.errors >= 1);
  requireClean("NUL in a string", kPrelude + "OUTPUT trips TO \"o" + nul + ".csv\" USING Csv();\n");
  requireClean("NUL at the end", kPrelude + "OUTPUT trips TO \"o.csv\" USING Csv();" + nul);
}

TEST_CASE("10,000 levels of nesting do not overflow the stack") {
  constexpr size_t depth = 10000;
  auto select = [](const std::string& expr) {
    return kPrelude + "x = SELECT " + expr + " AS v FROM trips;\nOUTPUT x TO \"o.csv\" USING Csv();\n";
  };
  requireClean("nested parentheses", select(repeat("(", depth) + "1" + repeat(")", depth)));
  requireClean("unary minus", select(repeat("-", depth) + "1"));
  requireClean("unary minus with spaces", select(repeat("- ", depth) + "speed"));
  requireClean("NOT", select(repeat("NOT ", depth) + "true"));
  requireClean("nested IF", select(repeat("IF(true, ", depth) + "1" + repeat(", 2)", depth)));
  requireClean("nested calls", select(repeat("abs(", depth) + "1" + repeat(")", depth)));
  requireClean("long + chain", select("1" + repeat(" + 1", depth)));
  requireClean("long AND chain", select("true" + repeat(" AND true", depth)));
  requireClean("nested sources", kPrelude + "x = SELECT * FROM " + repeat("(SELECT * FROM ", depth) +
                                     "trips" + repeat(")", depth) +
                                     ";\nOUTPUT x TO \"o.csv\" USING Csv();\n");
  CheckOutcome open = requireClean("unclosed parentheses", select(repeat("(", depth)));
  CHECK(open.errors >= 1);
  CheckOutcome closing = requireClean("only closing parentheses", select(repeat(")", depth)));
  CHECK(closing.errors >= 1);
}

TEST_CASE("a 1 MB single-line workflow") {
  std::string line = "lines = EXTRACT line:string FROM \"reviews.txt\" USING Lines(); ";
  size_t i = 0;
  while (line.size() < (1u << 20)) {
    line +=
        "r" + std::to_string(i) + " = SELECT line FROM lines WHERE len(line) > " + std::to_string(i) + "; ";
    line += "OUTPUT r" + std::to_string(i) + " TO \"out/r" + std::to_string(i) + ".txt\" USING Lines(); ";
    ++i;
  }
  CheckOutcome valid = requireClean("1 MB line, valid", line);
  CHECK(valid.analyzed);
  // An error near the end of the line: the rendered line is cut to a window.
  std::string broken = line + "bad = SELECT nope FROM lines;";
  CheckOutcome invalid = requireClean("1 MB line, error at the end", broken);
  CHECK(invalid.errors >= 1);
  SourceFile file("long.scope", broken);
  DiagnosticEngine diags(file);
  ast::Workflow workflow = parseWorkflow(file, diags);
  analyze(workflow, file, testing::testAnalyzeOptions(), diags);
  CHECK(renderText(diags).size() < 4096);
  requireClean("1 MB string literal", "PARAM p : string = \"" + std::string(1u << 20, 'a') + "\";\n");
  requireClean("1 MB identifier", kPrelude + std::string(1u << 20, 'x') + " = SELECT * FROM trips;\n");
}

TEST_CASE("a 2,000-statement workflow") {
  std::string text = kPrelude;
  text += "names = EXTRACT seg:string, name:string FROM \"names.csv\" USING Csv(header: true);\n";
  int statements = 2;
  for (int i = 0; statements < 2000; ++i) {
    std::string n = std::to_string(i);
    text += "s" + n + " = SELECT id, seg, speed * 3.6 AS kmh, lanes FROM trips WHERE lanes > " + n + ";\n";
    text +=
        "g" + n + " = SELECT seg, COUNT(*) AS c, AVG(kmh) AS m FROM s" + n + " GROUP BY seg HAVING c > 1;\n";
    text += "j" + n + " = SELECT s" + n + ".id, names.name FROM s" + n + " JOIN names ON s" + n +
            ".seg == names.seg;\n";
    text += "h" + n + " = HANDLE s" + n + " DETECT kmh < 0.0 CORRECT DELETE FROM trips EVENTUALLY DROP;\n";
    text += "OUTPUT g" + n + " TO \"out/g" + n + ".csv\" USING Csv(header: true) ORDER BY seg;\n";
    text += "OUTPUT j" + n + " TO \"out/j" + n + ".csv\" USING Csv(header: true);\n";
    statements += 6;
  }
  auto start = Clock::now();
  CheckOutcome outcome = requireClean("2,000 statements", text);
  double seconds = secondsSince(start);
  MESSAGE("2,000-statement workflow checked in " << seconds * 1000 << " ms");
  CHECK(outcome.analyzed);
  CHECK(outcome.errors == 0);
}

TEST_CASE("the whole robustness run stays within its time budget") {
  const Budget& b = budget();
  MESSAGE("parse + analyze total " << b.totalSeconds << " s; slowest input " << b.slowestSeconds * 1000
                                   << " ms (" << b.slowestInput << ")");
  CHECK(b.totalSeconds < kWholeTestSeconds);
}

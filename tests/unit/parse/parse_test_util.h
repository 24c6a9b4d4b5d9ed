// Shared helpers for the parser tests: parse a text and look at what came out.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "compiler/diag/Diagnostic.h"
#include "compiler/parse/Parser.h"

namespace popper::test {

// An expression as a compact S-expression: (+ a (* b c)), (not x), (if c a b),
// f(a, b), f(*), t.col, @p, literals as written ("s" for strings, 1.5, true).
inline std::string show(const ast::Expr& e) {
  static const char* binary[] = {"+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "and", "or"};
  return std::visit(
      [](const auto& n) -> std::string {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, ast::LiteralExpr>) {
          const Literal& l = n.literal;
          switch (l.type()) {
            case Type::String:
              return "\"" + l.asString() + "\"";
            case Type::Int:
              return std::to_string(l.asInt());
            case Type::Float: {
              std::string s = std::to_string(l.asFloat());
              return s + "f";
            }
            case Type::Bool:
              return l.asBool() ? "true" : "false";
          }
          return "?";
        } else if constexpr (std::is_same_v<T, ast::ParamExpr>) {
          return "@" + n.name.name;
        } else if constexpr (std::is_same_v<T, ast::ColumnExpr>) {
          return (n.qualifier ? n.qualifier->name + "." : std::string()) + n.column.name;
        } else if constexpr (std::is_same_v<T, ast::UnaryExpr>) {
          return std::string(n.op == ast::UnaryOp::Not ? "(not " : "(neg ") + show(*n.operand) + ")";
        } else if constexpr (std::is_same_v<T, ast::BinaryExpr>) {
          return std::string("(") + binary[static_cast<int>(n.op)] + " " + show(*n.lhs) + " " + show(*n.rhs) +
                 ")";
        } else if constexpr (std::is_same_v<T, ast::IfExpr>) {
          return "(if " + show(*n.cond) + " " + show(*n.then) + " " + show(*n.otherwise) + ")";
        } else {
          std::string out = n.function.name + "(";
          if (n.starArg) out += "*";
          for (size_t i = 0; i < n.args.size(); ++i) out += (i ? ", " : "") + show(*n.args[i]);
          return out + ")";
        }
      },
      e.node);
}

// Keeps the source, the diagnostics and the AST of one parse alive together.
struct Parsed {
  SourceFile file;
  DiagnosticEngine diags;
  ast::Workflow workflow;

  explicit Parsed(std::string text)
      : file("wf.scope", std::move(text)), diags(file), workflow(parseWorkflow(file, diags)) {}

  // "line:col: message" for every diagnostic, in source order, each note right
  // after its error ("line:col: note: ...").
  std::vector<std::string> errors() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : diags.sorted()) {
      LineColumn at = file.lineColumn(d.range.begin);
      std::string prefix = d.severity == Severity::Note ? "note: " : "";
      out.push_back(std::to_string(at.line) + ":" + std::to_string(at.column) + ": " + prefix + d.message);
    }
    return out;
  }

  // The source text a range covers.
  std::string text(SourceRange range) const {
    return file.text().substr(range.begin, range.end - range.begin);
  }

  // "line:col" where a range starts.
  std::string at(SourceRange range) const {
    LineColumn lc = file.lineColumn(range.begin);
    return std::to_string(lc.line) + ":" + std::to_string(lc.column);
  }

  const ast::Statement& statement(size_t i) const { return workflow.statements.at(i); }
  template <typename T>
  const T& stmt(size_t i) const {
    return std::get<T>(statement(i).node);
  }
  template <typename T>
  const T& relation(size_t i) const {
    return std::get<T>(stmt<ast::AssignStmt>(i).relation->node);
  }
};

}  // namespace popper::test

// Lets CHECK print lists of messages when they differ.
template <>
struct doctest::StringMaker<std::vector<std::string>> {
  static doctest::String convert(const std::vector<std::string>& lines) {
    std::string out = "{";
    for (const auto& line : lines) out += "\n  \"" + line + "\"";
    return (out + "\n}").c_str();
  }
};

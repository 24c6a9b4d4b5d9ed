// Line/column mapping and diagnostic rendering.
#include <doctest/doctest.h>

#include "compiler/diag/Diagnostic.h"

using namespace popper;

TEST_CASE("line and column count UTF-8 characters") {
  SourceFile f("wf.scope", "a = 1;\nné = x;\n");
  CHECK(f.lineColumn(0).line == 1);
  CHECK(f.lineColumn(7).line == 2);
  CHECK(f.lineColumn(7).column == 1);
  // 'é' is two bytes; the '=' after "né " is column 4.
  CHECK(f.lineColumn(11).column == 4);
  CHECK(f.lineText(2) == "né = x;");
}

TEST_CASE("text rendering has location, source line and caret") {
  SourceFile f("wf.scope", "x = SELECT a FROM t;\n");
  DiagnosticEngine diags(f);
  diags.error({18, 19}, "unknown rowset 't'");
  CHECK(renderText(diags) ==
        "wf.scope:1:19: error: unknown rowset 't'\n"
        "x = SELECT a FROM t;\n"
        "                  ^\n");
}

TEST_CASE("diagnostics come out in source order, all of them") {
  SourceFile f("wf.scope", "aaaa bbbb\n");
  DiagnosticEngine diags(f);
  diags.error({5, 9}, "second");
  diags.warning({0, 4}, "first");
  auto sorted = diags.sorted();
  REQUIRE(sorted.size() == 2);
  CHECK(sorted[0].message == "first");
  CHECK(diags.errorCount() == 1);
  CHECK(diags.warningCount() == 1);
  CHECK(renderText(diags).find("^~~~") != std::string::npos);
}

// popper runs diff: the multiset difference of two snapshots, and rows
// judged fixed or broken against the ground truth.
#include <doctest/doctest.h>

#include "store/RowDiff.h"
#include "store/TruthKeys.h"
#include "store_test_support.h"

namespace popper::store {
namespace {

using test::TempFolder;

struct Diffed {
  std::vector<std::string> onlyA, onlyB;
  DiffSummary summary;
};

Diffed diff(const std::string& a, const std::string& b, const std::string& truth, bool header = false) {
  TempFolder dir("diff");
  test::writeFile(dir / "a.csv", a);
  test::writeFile(dir / "b.csv", b);
  test::writeFile(dir / "truth.csv", truth);
  auto s = Store::open(dir / "store", true);
  REQUIRE(s.isOk());
  std::vector<OutputRecord> outs;
  for (const char* name : {"a.csv", "b.csv"}) {
    RunFiles files = test::filesFor(dir / name, truth.empty() ? "" : dir / "truth.csv");
    files.outputs[0].header = header;
    files.outputs[0].columns = files.outputs[0].keyColumns = {"line", "n"};
    auto rec = s->recordRun(test::reportWithOutput(dir / name, 1), files);
    REQUIRE(rec.isOk());
    outs.push_back((*s->outputs(rec->id))[0]);
  }
  Diffed d;
  REQUIRE(diffOutputs(
              s->database(), outs[0], outs[1],
              [&](const DiffRow& r) {
                std::string shown =
                    std::string(r.line) + (r.mark == DiffMark::None ? "" : " ") + diffMarkName(r.mark);
                (r.onlyInA ? d.onlyA : d.onlyB).push_back(shown);
                return Status::ok();
              },
              d.summary)
              .isOk());
  return d;
}

TEST_CASE("rows only in A and only in B, as multisets, in each file's order") {
  Diffed d = diff("x,1\ny,2\ny,2\nz,3\n", "y,2\nw,4\nx,1\nw,4\n", "");
  CHECK(d.onlyA == std::vector<std::string>{"y,2", "z,3"});
  CHECK(d.onlyB == std::vector<std::string>{"w,4", "w,4"});
  CHECK_FALSE(d.summary.judged);
}

TEST_CASE("a header line is kept aside") {
  Diffed d = diff("line,n\nx,1\n", "line,n\nx,1\ny,2\n", "", /*header=*/true);
  CHECK(d.onlyA.empty());
  CHECK(d.onlyB == std::vector<std::string>{"y,2"});
  CHECK(d.summary.headerA == "line,n");
}

TEST_CASE("against the ground truth: fixed, broken, wrong, cleared") {
  // The truth's columns in another order, with quoting: compared as fields.
  Diffed d = diff("a,1\nbad,9\n", "\"b\",2\nworse,8\n", "n,line\n1,a\n2,b\n");
  CHECK(d.onlyA == std::vector<std::string>{"a,1 broken", "bad,9 cleared"});
  CHECK(d.onlyB == std::vector<std::string>{"\"b\",2 fixed", "worse,8 wrong"});
  CHECK(d.summary.fixed == 1);
  CHECK(d.summary.broken == 1);
}

TEST_CASE("CSV fields: quotes, doubled quotes, commas inside") {
  CHECK(splitCsvLine(R"(a,"b,c","d""e",)") == std::vector<std::string>{"a", "b,c", "d\"e", ""});
}

}  // namespace
}  // namespace popper::store

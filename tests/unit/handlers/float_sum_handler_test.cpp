// A handler's EDIT retracts a float that a GROUP BY already summed: the
// incremental SUM / AVG must equal a from-scratch run over the corrected
// input to the last bit (0.1 + 0.2 + 0.3, retract 0.1, add 0.7 was
// 1.2000000000000002 with plain doubles; from scratch it is 1.2), so
// --verify passes, for any thread count and epoch size.
#include <doctest/doctest.h>

#include "../runtime_exec/exec_test_support.h"

using namespace popper;
using namespace popper::exec;
using namespace popper::engine;
using namespace popper::exec::test;

namespace {

std::string runSums(const std::filesystem::path& dir, const std::string& text, int threads,
                    uint64_t epochRows) {
  RunOptions options;
  options.threads = threads;
  options.batchSize = 1;
  options.epochRows = epochRows;
  options.verify = true;
  return runIn(dir, text, options, "out-" + std::to_string(threads) + "-" + std::to_string(epochRows))
      .at("sums.csv");
}

}  // namespace

TEST_CASE("a float SUM / AVG after a handler's retraction equals the from-scratch sum exactly") {
  auto dir = scratchDir("fsum-handler");
  writeFile(dir / "t.csv", "id,g,x\n1,a,0.1\n2,a,0.2\n3,a,0.3\n");
  writeFile(dir / "fixed.csv", "id,g,x\n1,a,0.7\n2,a,0.2\n3,a,0.3\n");
  const std::string sums =
      "sums = SELECT g, SUM(x) AS s, AVG(x) AS m FROM t GROUP BY g;\n"
      "OUTPUT sums TO \"sums.csv\" USING Csv(header: true) ORDER BY g;\n";
  const std::string handled =
      "t = EXTRACT id:int, g:string, x:float FROM \"t.csv\" USING Csv(header: true);\n" + sums +
      "h = HANDLE (SELECT id, g, x FROM t) DETECT x < 0.15 CORRECT EDIT t SET x = 0.7;\n"
      "OUTPUT h TO \"h.csv\" USING Csv(header: true);\n";
  const std::string scratch =
      "t = EXTRACT id:int, g:string, x:float FROM \"fixed.csv\" USING Csv(header: true);\n" + sums;
  // 0.7 + 0.2 + 0.3 = 1.2 exactly rounded (math.fsum); 1.2 / 3 as a double.
  const std::string want = "g,s,m\na,1.2,0.39999999999999997\n";
  CHECK(runSums(dir, scratch, 1, 100000) == want);
  CHECK(runSums(dir, handled, 1, 100000) == want);
  CHECK(runSums(dir, handled, 2, 1) == want);
  CHECK(runSums(dir, handled, 4, 2) == want);
  std::filesystem::remove_all(dir);
}

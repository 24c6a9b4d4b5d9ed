// The `dead` pass.
#include <doctest/doctest.h>

#include "compiler/opt/Passes.h"
#include "compiler/plan/Verifier.h"
#include "tests/support/DataflowBuilder.h"

using namespace popper;
using namespace popper::plan;

TEST_CASE("nodes that reach no output or handler are removed") {
  NodeId src;
  DataflowBuilder b;
  b.extract("in.csv", "a:int, b:string").named("src").capture(src).filter(col("a") > lit(1)).named("unused");
  b.from(src).output("o.csv");
  b.extract("other.csv", "x:int").named("lonely");
  Dataflow flow = b.build();
  opt::ChangeLog log;
  opt::deadPass(flow, log);
  CHECK(flow.size() == 2);
  CHECK(flow.node(1).is<OutputNode>());
  CHECK(log.size() == 2);
  CHECK(log[0] == "removed Filter #1 unused (reaches no output or handler)");
  CHECK(verifyDataflow(flow).isOk());
}

TEST_CASE("a handler without consumers and everything it reads stay") {
  NodeId src;
  Dataflow flow = DataflowBuilder()
                      .extract("in.csv", "a:int")
                      .capture(src)
                      .process("Identity", "c:int")
                      .handle(col("c") < lit(0), {deleteFrom(src)})
                      .build();
  opt::ChangeLog log;
  opt::deadPass(flow, log);
  CHECK(flow.size() == 3);
  CHECK(log.empty());
}

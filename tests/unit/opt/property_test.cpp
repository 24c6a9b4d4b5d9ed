// Property: every pass preserves what a workflow computes. Random dataflows
// (filters with constant, raising and pushable conjuncts, projections,
// row-wise and 0..n PROCESSes, joins, unions, groups, dead branches, sorted
// outputs) run through the runtime once with every pass on and once with
// -O0; each output file must come out byte-identical.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "compiler/opt/PassManager.h"
#include "compiler/plan/Explain.h"
#include "compiler/plan/PhysicalPlan.h"
#include "runtime/engine/Engine.h"
#include "tests/support/DataflowBuilder.h"
#include "tests/support/TestCatalog.h"

using namespace popper;
using namespace popper::plan;
namespace fs = std::filesystem;

namespace {

class RandomWorkflow {
 public:
  explicit RandomWorkflow(uint32_t seed) : rng_(seed) {}

  Dataflow make() {
    DataflowBuilder b;
    NodeId segs;
    b.extract("segs.csv", "seg:string, name:string").capture(segs);
    b.extract("trips.csv", "id:int, seg:string, speed:float, lanes:int, note:string");
    bool joined = false, grouped = false;
    int steps = 1 + pick(5);
    for (int s = 0; s < steps; ++s) {
      const Schema schema = b.peek().node(b.current()).schema;
      switch (pick(8)) {
        case 0:
        case 1:
          b.filter(predicate(schema));
          break;
        case 2:
          b.project(projection(schema));
          break;
        case 3:
          b.process("Identity", "");
          break;
        case 4:
          if (int c = stringColumn(schema); c >= 0 && !grouped)
            b.process("Tokenize", "token:string", {{"text", schema[static_cast<size_t>(c)].name}}, false);
          break;
        case 5:
          if (!joined && findColumn(schema, "seg") >= 0) {
            b.join(segs, "seg", "seg");
            joined = true;
          }
          break;
        case 6: {
          NodeId cur = b.current(), copy;
          b.filter(predicate(schema)).capture(copy).from(cur).unionWith({copy});
          break;
        }
        case 7:
          if (!grouped && findColumn(schema, "seg") >= 0) {
            std::vector<AggSpec> aggs{{"n", AggFunc::CountStar, ""}};
            if (findColumn(schema, "id") >= 0) aggs.push_back({"ids", AggFunc::Sum, "id"});
            if (findColumn(schema, "speed") >= 0) aggs.push_back({"top", AggFunc::Max, "speed"});
            b.aggregate({"seg"}, aggs);
            grouped = true;
          }
          break;
      }
      if (pick(4) == 0) {  // a side branch nobody reads
        NodeId cur = b.current();
        b.filter(predicate(b.peek().node(cur).schema)).from(cur);
      }
    }
    const Schema& last = b.peek().node(b.current()).schema;
    std::vector<std::string> order;
    if (pick(2) == 0) order.push_back(last[static_cast<size_t>(pick(static_cast<int>(last.size())))].name);
    b.output("out.csv", order);
    return b.build();
  }

 private:
  int pick(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }

  static int stringColumn(const Schema& s) {
    for (size_t i = 0; i < s.size(); ++i)
      if (s[i].type == Type::String) return static_cast<int>(i);
    return -1;
  }

  Ex atom(const Schema& s) {
    const ColumnInfo& c = s[static_cast<size_t>(pick(static_cast<int>(s.size())))];
    switch (c.type) {
      case Type::Int:
        if (pick(3) == 0) return lit(100) / col(c.name) > lit(30);  // raises where the column is 0
        return pick(2) ? col(c.name) > lit(pick(50)) : col(c.name) % lit(2) == lit(0);
      case Type::Float:
        return col(c.name) >= lit(static_cast<double>(pick(40)));
      case Type::String:
        return pick(2) ? col(c.name) != lit("b") : fn(BuiltinFunc::Len, {col(c.name)}) > lit(pick(6));
      case Type::Bool:
        return col(c.name);
    }
    return lit(true);
  }

  Ex predicate(const Schema& s) {
    Ex p = atom(s);
    for (int i = pick(3); i > 0; --i) p = pick(3) ? (p && atom(s)) : (p || atom(s));
    switch (pick(6)) {
      case 0:
        return p && lit(true);
      case 1:
        return lit(1) < lit(2) && p;
      case 2:
        return pick(4) == 0 ? (lit(false) && p) : p;
      default:
        return p;
    }
  }

  std::vector<std::pair<std::string, Ex>> projection(const Schema& s) {
    std::vector<std::pair<std::string, Ex>> out;
    for (const ColumnInfo& c : s)
      if (pick(3) != 0 && findColumn(parseSchemaNames(out), c.name) < 0) out.push_back({c.name, col(c.name)});
    if (out.empty()) out.push_back({s[0].name, col(s[0].name)});
    if (findColumn(s, "speed") >= 0 && pick(2))
      out.push_back({"kmh" + std::to_string(counter_++), col("speed") * lit(3.6)});
    return out;
  }

  static Schema parseSchemaNames(const std::vector<std::pair<std::string, Ex>>& cols) {
    Schema s;
    for (const auto& [name, ex] : cols) s.push_back({name, Type::Int, std::nullopt});
    return s;
  }

  std::mt19937 rng_;
  int counter_ = 0;
};

void writeInputs(const fs::path& dir) {
  std::ofstream segs(dir / "segs.csv");
  segs << "a,Main Street\nb,Ring Road\nc,\"Harbour, East\"\n";
  std::ofstream trips(dir / "trips.csv");
  std::mt19937 rng(7);
  const char* segNames[] = {"a", "b", "c", "d"};
  const char* notes[] = {"fast lane", "slow", "", "x y z", "rain and wind", "ok"};
  for (int i = 0; i < 300; ++i)
    trips << i << "," << segNames[rng() % 4] << "," << (rng() % 400) / 10.0 << "," << rng() % 4 << ","
          << notes[rng() % 6] << "\n";
}

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string runOnce(const Dataflow& flow, const fs::path& dir, const std::string& tag, std::string& status) {
  exec::RunOptions options;
  options.threads = 2;
  options.workflowDir = dir.string();
  options.outDir = (dir / tag).string();
  fs::create_directories(options.outDir);
  engine::RunReport report = engine::runPlan(makePhysicalPlan(flow), options, testing::testHooks());
  status = report.status.isOk() ? "ok" : "failed: " + report.status.message();
  return readFile(dir / tag / "out.csv");
}

}  // namespace

TEST_CASE("random workflows give the same outputs with every pass on and with -O0") {
  fs::path dir = fs::temp_directory_path() / ("popper_plan_property_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  writeInputs(dir);
  int changedPlans = 0;
  // PLAN_PROPERTY_SEED=n reruns one case; PLAN_PROPERTY_TRACE=1 prints its plans.
  const char* only = getenv("PLAN_PROPERTY_SEED");
  bool trace = getenv("PLAN_PROPERTY_TRACE") != nullptr;
  for (uint32_t seed = 1; seed <= 60; ++seed) {
    if (only && seed != static_cast<uint32_t>(std::atoi(only))) continue;
    CAPTURE(seed);
    Dataflow base = RandomWorkflow(seed).make();
    Dataflow optimized = base;
    auto records = opt::runPasses(optimized, opt::standardPasses(), {});
    REQUIRE_MESSAGE(records.isOk(), records.status().message());
    for (const opt::PassRecord& r : *records)
      if (r.name != "gc" && !r.changes.empty()) {
        ++changedPlans;
        break;
      }
    if (trace) {
      fprintf(stderr, "%s", renderExplainText(buildExplain(makePhysicalPlan(base), {})).c_str());
      fprintf(stderr, "%s", renderExplainText(buildExplain(makePhysicalPlan(optimized), {})).c_str());
    }
    std::string statusO0, statusAll;
    std::string plain = runOnce(base, dir, "O0_" + std::to_string(seed), statusO0);
    std::string fast = runOnce(optimized, dir, "all_" + std::to_string(seed), statusAll);
    CHECK(statusO0 == statusAll);
    CHECK(plain == fast);
  }
  if (!only) CHECK(changedPlans > 30);  // the generator really exercises the passes
  fs::remove_all(dir);
}

// Micro-benchmark of the runtime's data core (not a test, not in ctest):
// 2M generated rows `id,seg,speed,lanes,note` go CSV -> WHERE speed > 30 AND
// lanes >= 2 -> SELECT id, seg, speed * 3.6 AS kmh, lanes, note -> CSV,
// through the Csv reader, the Interpreter (RowProjector) and the Csv writer,
// against a hand-written single-threaded loop doing the same job. Both
// outputs are compared byte for byte.
//
// Build and run (from the repository root, after building popper_runtime):
//   g++ -O2 -std=c++20 -I. tests/bench/csv_core_bench.cpp \
//       build/runtime/libpopper_runtime.a -lre2 -o /tmp/csv_core_bench
//   /tmp/csv_core_bench [rows] [folder]      (defaults: 2000000 /tmp)
#include <sys/resource.h>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "runtime/data/ValueText.h"
#include "runtime/expr/RowProjector.h"
#include "runtime/io/BatchReader.h"
#include "runtime/io/BatchWriter.h"

using namespace popper;

namespace {

// CPU time, not wall time: the machine is shared, and CPU time is what the
// code costs (single-threaded here, so it equals wall time on an idle machine).
struct CpuClock {
  using time_point = double;
  static double now() {
    timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  }
};
double seconds(double since) { return CpuClock::now() - since; }

void generate(const std::string& path, size_t rows) {
  std::mt19937_64 rng(7);
  const char* notes[] = {"ok", "slow traffic", "road works, lane closed", "", "said \"jam\"", "clear"};
  std::string buf = "id,seg,speed,lanes,note\n";
  std::FILE* f = std::fopen(path.c_str(), "wb");
  for (size_t i = 1; i <= rows; ++i) {
    buf += std::to_string(i);
    buf += ",S";
    buf += std::to_string(rng() % 5000);
    buf += ',';
    appendFloat(buf, static_cast<double>(rng() % 12000) / 100.0);
    buf += ',';
    buf += std::to_string(1 + rng() % 4);
    buf += ',';
    const char* note = notes[rng() % 6];
    bool quote = std::strpbrk(note, ",\"") != nullptr;
    if (quote) {
      buf += '"';
      for (const char* p = note; *p; ++p) {
        if (*p == '"') buf += '"';
        buf += *p;
      }
      buf += '"';
    } else {
      buf += note;
    }
    buf += '\n';
    if (buf.size() > (1 << 20)) {
      std::fwrite(buf.data(), 1, buf.size(), f);
      buf.clear();
    }
  }
  std::fwrite(buf.data(), 1, buf.size(), f);
  std::fclose(f);
}

// --- the hand-written loop: what a programmer would write for this one job ---
void handWritten(const std::string& in, const std::string& out) {
  std::FILE* f = std::fopen(in.c_str(), "rb");
  std::FILE* o = std::fopen(out.c_str(), "wb");
  std::string buf(1 << 20, '\0'), carry, w;
  w.reserve(1 << 21);
  w += "id,seg,kmh,lanes,note\n";
  bool header = true;
  auto row = [&](const char* b, const char* e) {
    if (header) {
      header = false;
      return;
    }
    const char* f0 = b;
    const char* c1 = static_cast<const char*>(std::memchr(f0, ',', e - f0));
    const char* c2 = static_cast<const char*>(std::memchr(c1 + 1, ',', e - c1 - 1));
    const char* c3 = static_cast<const char*>(std::memchr(c2 + 1, ',', e - c2 - 1));
    const char* c4 = static_cast<const char*>(std::memchr(c3 + 1, ',', e - c3 - 1));
    double speed;
    fast_float::from_chars(c2 + 1, c3, speed);
    int64_t lanes;
    std::from_chars(c3 + 1, c4, lanes);
    if (!(speed > 30 && lanes >= 2)) return;
    w.append(f0, c2 - f0 + 1);  // id,seg,
    char num[40];
    w.append(num, formatFloatTo(num, speed * 3.6));
    w.append(c3, e - c3);  // ,lanes,note (already CSV-quoted)
    w += '\n';
  };
  for (;;) {
    size_t n = std::fread(buf.data(), 1, buf.size(), f);
    if (n == 0) break;
    const char* p = buf.data();
    const char* end = p + n;
    if (!carry.empty()) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', end - p));
      carry.append(p, nl - p);
      row(carry.data(), carry.data() + carry.size());
      carry.clear();
      p = nl + 1;
    }
    // The generated notes have no embedded newlines, so a line is a record.
    for (;;) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', end - p));
      if (!nl) {
        carry.assign(p, end - p);
        break;
      }
      row(p, nl);
      p = nl + 1;
    }
    if (w.size() > (1 << 20)) {
      std::fwrite(w.data(), 1, w.size(), o);
      w.clear();
    }
  }
  std::fwrite(w.data(), 1, w.size(), o);
  std::fclose(f);
  std::fclose(o);
}

// --- the same job through the runtime's data core ---
BoundExpr column(int i, Type t) {
  BoundExpr e;
  e.kind = BoundExpr::Kind::Column;
  e.column = i;
  e.type = t;
  return e;
}
BoundExpr constant(Literal v) {
  BoundExpr e;
  e.kind = BoundExpr::Kind::Const;
  e.type = v.type();
  e.value = std::move(v);
  return e;
}
BoundExpr binary(ast::BinaryOp op, Type t, BoundExpr a, BoundExpr b) {
  BoundExpr e;
  e.kind = BoundExpr::Kind::Binary;
  e.binaryOp = op;
  e.type = t;
  e.args.push_back(std::move(a));
  e.args.push_back(std::move(b));
  return e;
}
ColumnInfo info(const char* name, Type t) {
  ColumnInfo c;
  c.name = name;
  c.type = t;
  return c;
}

struct Timings {
  double read = 0, project = 0, write = 0;
  size_t rowsOut = 0;
};

Timings throughRuntime(const std::string& in, const std::string& out, bool projectAndWrite) {
  using Op = ast::BinaryOp;
  auto inSchema = std::make_shared<const Schema>(Schema{info("id", Type::Int), info("seg", Type::String),
                                                        info("speed", Type::Float), info("lanes", Type::Int),
                                                        info("note", Type::String)});
  auto outSchema = std::make_shared<const Schema>(Schema{info("id", Type::Int), info("seg", Type::String),
                                                         info("kmh", Type::Float), info("lanes", Type::Int),
                                                         info("note", Type::String)});
  BoundExpr where =
      binary(Op::And, Type::Bool, binary(Op::Gt, Type::Bool, column(2, Type::Float), constant(Literal{30.0})),
             binary(Op::Ge, Type::Bool, column(3, Type::Int), constant(Literal{int64_t{2}})));
  std::vector<BoundExpr> projections{
      column(0, Type::Int), column(1, Type::String),
      binary(Op::Mul, Type::Float, column(2, Type::Float), constant(Literal{3.6})), column(3, Type::Int),
      column(4, Type::String)};
  RowProjector projector(where, projections, outSchema);

  ReaderOptions ro;
  ro.path = in;
  ro.schema = inSchema;
  ro.header = true;
  auto reader = openCsvReader(ro);
  FileTransaction files;
  WriterOptions wo;
  wo.path = out;
  wo.files = &files;
  wo.schema = outSchema;
  wo.header = true;
  auto writer = openCsvWriter(wo);
  if (!reader || !writer) {
    std::fprintf(stderr, "cannot open files\n");
    std::exit(1);
  }

  Timings t;
  Batch batch;
  std::vector<ReadError> readErrors;
  RowErrors rowErrors;
  for (;;) {
    auto t0 = CpuClock::now();
    Result<bool> more = (*reader)->next(batch, readErrors);
    t.read += seconds(t0);
    if (!more.isOk() || !*more) break;
    if (!projectAndWrite) continue;
    auto t1 = CpuClock::now();
    Batch projected = projector.apply(batch, rowErrors);
    t.project += seconds(t1);
    auto t2 = CpuClock::now();
    if (!(*writer)->write(projected).isOk()) std::exit(1);
    t.write += seconds(t2);
    t.rowsOut += projected.size();
  }
  auto t3 = CpuClock::now();
  if (projectAndWrite && (!(*writer)->finish().isOk() || !files.commit().isOk())) std::exit(1);
  t.write += seconds(t3);
  if (!readErrors.empty() || !rowErrors.empty()) std::fprintf(stderr, "unexpected row errors\n");
  return t;
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

}  // namespace

int main(int argc, char** argv) {
  size_t rows = argc > 1 ? std::stoul(argv[1]) : 2000000;
  std::string dir = argc > 2 ? argv[2] : "/tmp";
  std::string in = dir + "/csv_core_bench_in.csv";
  generate(in, rows);
  std::printf("rows: %zu, input: %.1f MB (times are CPU seconds, best of 3)\n", rows,
              static_cast<double>(std::filesystem::file_size(in)) / 1e6);

  // Warm the page cache, then best of three for each.
  handWritten(in, dir + "/csv_core_bench_hand.csv");
  double hand = 1e9;
  for (int i = 0; i < 3; ++i) {
    auto t0 = CpuClock::now();
    handWritten(in, dir + "/csv_core_bench_hand.csv");
    hand = std::min(hand, seconds(t0));
  }
  double readOnly = 1e9;
  for (int i = 0; i < 3; ++i) readOnly = std::min(readOnly, throughRuntime(in, "/dev/null", false).read);
  double best = 1e9;
  Timings bestT;
  for (int i = 0; i < 3; ++i) {
    auto t0 = CpuClock::now();
    Timings t = throughRuntime(in, dir + "/csv_core_bench_popper.csv", true);
    double total = seconds(t0);
    if (total < best) {
      best = total;
      bestT = t;
    }
  }
  struct rusage ru;  // before the comparison below, which holds both outputs in memory
  getrusage(RUSAGE_SELF, &ru);
  bool same = slurp(dir + "/csv_core_bench_hand.csv") == slurp(dir + "/csv_core_bench_popper.csv");
  std::printf("hand-written loop:          %.3f s\n", hand);
  std::printf(
      "popper data core:           %.3f s  (read %.3f, filter+project %.3f, write %.3f; %zu rows out)\n",
      best, bestT.read, bestT.project, bestT.write, bestT.rowsOut);
  std::printf("popper reader alone:        %.3f s\n", readOnly);
  std::printf("ratio to hand-written:      %.2fx\n", best / hand);
  std::printf("outputs identical:          %s\n", same ? "yes" : "NO");
  std::printf("peak RSS:                   %.1f MB\n", static_cast<double>(ru.ru_maxrss) / 1024.0);
  return same ? 0 : 1;
}

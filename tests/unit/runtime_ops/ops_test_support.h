// Helpers for operator unit tests: small batches built from rows of values,
// a plan-node builder, and an OperatorContext that records what operators emit.
#pragma once

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "compiler/plan/Dataflow.h"
#include "runtime/data/OrderKey.h"
#include "runtime/data/Value.h"
#include "runtime/ops/PhysicalOperator.h"

namespace popper::ops::test {

using Cell = std::variant<int64_t, double, std::string, bool>;
using Row = std::vector<Cell>;

inline Schema schemaOf(std::vector<std::pair<std::string, Type>> cols) {
  Schema s;
  for (auto& [n, t] : cols) s.push_back(ColumnInfo{n, t, std::nullopt});
  return s;
}

inline void appendCell(Batch& b, size_t c, const Cell& cell) {
  Column& col = b.column(c);
  if (auto* i = std::get_if<int64_t>(&cell))
    col.ints.push_back(*i);
  else if (auto* f = std::get_if<double>(&cell))
    col.floats.push_back(*f);
  else if (auto* s = std::get_if<std::string>(&cell))
    col.strings.push_back(b.arena().store(*s));
  else
    col.bools.push_back(std::get<bool>(cell) ? 1 : 0);
}

// A delta whose row i has position `positions[i]` (id and order key) and weight `weights[i]`.
inline Delta makeDelta(const Schema& schema, const std::vector<Row>& rows,
                       const std::vector<uint64_t>& positions, const std::vector<Weight>& weights) {
  Delta d;
  d.rows = Batch(std::make_shared<const Schema>(schema));
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) appendCell(d.rows, c, rows[r][c]);
    d.rows.addRowMeta(RowId::make(positions[r], 1), weights[r]);
    OrderKey k;
    appendPositionKey(k, positions[r]);
    d.keys.push_back(k);
  }
  return d;
}

inline std::string cellText(const Column& c, size_t r) {
  Value v = cellAt(c, r);
  switch (v.type) {
    case Type::Int:
      return std::to_string(v.i);
    case Type::Float:
      return std::to_string(v.f);
    case Type::Bool:
      return v.b ? "true" : "false";
    case Type::String:
      return std::string(v.s);
  }
  return "";
}

inline std::string rowText(const Batch& b, size_t r) {
  std::string s;
  for (size_t c = 0; c < b.numColumns(); ++c) s += (c ? "|" : "") + cellText(b.column(c), r);
  return s;
}

inline BoundExpr columnRef(int column, Type type) {
  BoundExpr e;
  e.kind = BoundExpr::Kind::Column;
  e.column = column;
  e.type = type;
  return e;
}

// Records emitted changes; net() folds them into live rows by order key.
class RecordingContext : public OperatorContext {
 public:
  void emit(Delta&& d) override { deltas.push_back(std::move(d)); }
  Status reject(uint64_t line, std::string reason, const std::string&) override {
    rejects.emplace_back(line, std::move(reason));
    return Status::ok();
  }
  NodeCounters& counters() override { return counters_; }

  // order key -> (row text, net weight), rows with net weight 0 dropped.
  std::map<std::string, std::pair<std::string, int64_t>> net() const {
    std::map<std::string, std::pair<std::string, int64_t>> out;
    for (const Delta& d : deltas)
      for (size_t r = 0; r < d.rows.size(); ++r) {
        auto& e = out[d.keys.at(r)];
        e.first = rowText(d.rows, r);
        e.second += d.rows.weights[r];
      }
    std::erase_if(out, [](const auto& kv) { return kv.second.second == 0; });
    return out;
  }

  std::vector<Delta> deltas;
  std::vector<std::pair<uint64_t, std::string>> rejects;

 private:
  NodeCounters counters_;
};

// A dataflow with `inputs` source nodes (Empty, with the given schemas) and one node `payload` reading them.
inline plan::Dataflow flowWith(const std::vector<Schema>& inputs, plan::NodePayload payload, Schema schema) {
  plan::Dataflow flow;
  std::vector<plan::NodeId> ids;
  for (const Schema& s : inputs) {
    plan::PlanNode n;
    n.schema = s;
    n.payload = plan::EmptyNode{};
    ids.push_back(flow.add(std::move(n)));
  }
  plan::PlanNode n;
  n.inputs = ids;
  n.schema = std::move(schema);
  n.payload = std::move(payload);
  n.keepLineage = false;
  n.name = "node";
  flow.add(std::move(n));
  return flow;
}

}  // namespace popper::ops::test

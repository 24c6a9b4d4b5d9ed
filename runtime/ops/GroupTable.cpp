// Incremental GROUP BY state with retractions (see GroupTable.h).
#include "runtime/ops/GroupTable.h"

#include <algorithm>
#include <cassert>

#include "runtime/data/OrderKey.h"

namespace popper::ops {

OwnedValue OwnedValue::of(const Value& v) {
  OwnedValue o;
  o.type = v.type;
  o.i = v.i;
  o.f = v.f;
  o.b = v.b;
  if (v.type == Type::String) o.s.assign(v.s);
  return o;
}

Value OwnedValue::view() const {
  switch (type) {
    case Type::Int:
      return Value::ofInt(i);
    case Type::Float:
      return Value::ofFloat(f);
    case Type::Bool:
      return Value::ofBool(b);
    case Type::String:
      return Value::ofString(s);
  }
  return {};
}

GroupTable::GroupTable(const SchemaPtr& keySchema, std::vector<AggregateSpec> aggregates)
    : keyRows_(keySchema), aggs_(std::move(aggregates)) {
  for (size_t i = 0; i < keySchema->size(); ++i) keyCols_.push_back(static_cast<int>(i));
}

GroupTable::Applied GroupTable::apply(const Batch& keys, size_t r, uint64_t hash, const Batch& args,
                                      Weight w) {
  std::optional<uint32_t> found;
  for (uint32_t g = byHash_.first(hash); g != HashIndex::kNone; g = byHash_.next(g))
    if (keysEqual(keyRows_, keyCols_, g, keys, keyCols_, r)) {
      found = g;
      break;
    }
  assert(!(insertOnly_ && w < 0));  // AggregateOp fails the run first
  if (w < 0 && (!found || groups_[*found].count == 0)) return {};

  // Check first, so a failing row leaves the group untouched.
  std::vector<int64_t>& newSums = newSums_;
  newSums.resize(aggs_.size());
  for (size_t a = 0; a < aggs_.size(); ++a) {
    const AggregateSpec& spec = aggs_[a];
    if ((spec.func == AggFunc::Sum || spec.func == AggFunc::Avg) && spec.argType == Type::Int) {
      int64_t current = found ? groups_[*found].acc[a].isum : 0;
      int64_t v = args.column(a).ints[r];
      bool overflow = w > 0 ? __builtin_add_overflow(current, v, &newSums[a])
                            : __builtin_sub_overflow(current, v, &newSums[a]);
      if (overflow)
        return {std::nullopt,
                spec.func == AggFunc::Sum ? "integer overflow in SUM" : "integer overflow in AVG"};
    }
  }
  if (!found) {
    found = static_cast<uint32_t>(groups_.size());
    Group g;
    g.hash = hash;
    g.acc.resize(aggs_.size());
    groups_.push_back(std::move(g));
    keyRows_.appendRows(keys, r, r + 1, StringCopy::Deep);
    byHash_.insert(hash, *found);
  }
  Group& g = groups_[*found];
  g.count += w;
  for (size_t a = 0; a < aggs_.size(); ++a) {
    const AggregateSpec& spec = aggs_[a];
    Accumulator& acc = g.acc[a];
    switch (spec.func) {
      case AggFunc::CountStar:
      case AggFunc::Count:
        break;
      case AggFunc::Sum:
      case AggFunc::Avg:
        if (spec.argType == Type::Int)
          acc.isum = newSums[a];
        else if (w > 0)
          acc.fsum.add(args.column(a).floats[r]);
        else
          acc.fsum.retract(args.column(a).floats[r]);
        break;
      case AggFunc::Min:
      case AggFunc::Max: {
        OwnedValue v = OwnedValue::of(cellAt(args.column(a), r));
        if (!acc.heaped && w > 0) {
          // Strictly better only: among equal values the first one stays.
          if (!acc.arrived.empty()) {
            int c = compareValues(v.view(), acc.arrived[acc.extreme].view());
            bool better = spec.func == AggFunc::Min ? c < 0 : c > 0;
            if (insertOnly_) {
              if (better) acc.arrived[0] = std::move(v);
              break;
            }
            if (better) acc.extreme = acc.arrived.size();
          }
          acc.arrived.push_back(std::move(v));
          break;
        }
        if (!acc.heaped) {
          // A retraction of anything but the extreme leaves the extreme; it
          // waits in `gone` until the extreme itself goes and the heap is built.
          if (compareValues(v.view(), acc.arrived[acc.extreme].view()) != 0) {
            acc.gone.push_back(std::move(v));
            break;
          }
          buildHeap(acc, spec.func);
        }
        if (w > 0) {
          acc.heap.push_back({std::move(v), nextArrival_++});
          std::push_heap(acc.heap.begin(), acc.heap.end(), RankedWorse{spec.func});
        } else {
          acc.gone.push_back(std::move(v));
          std::push_heap(acc.gone.begin(), acc.gone.end(), ValueWorse{spec.func});
        }
        settle(acc, spec.func);
        break;
      }
    }
  }
  if (g.count == 0) {
    // Start afresh if the group comes back (drops a saturated float sum and
    // the retracted values).
    for (Accumulator& acc : g.acc) {
      acc.isum = 0;
      acc.fsum.clear();
      acc.heap.clear();
      acc.gone.clear();
    }
  }
  return {found, {}};
}

namespace {

// > 0 if a is a better extreme than b.
int better(AggFunc func, const OwnedValue& a, const OwnedValue& b) {
  int c = compareValues(a.view(), b.view());
  return func == AggFunc::Min ? -c : c;
}

}  // namespace

bool GroupTable::RankedWorse::operator()(const Accumulator::Ranked& a, const Accumulator::Ranked& b) const {
  int c = better(func, a.value, b.value);
  return c < 0 || (c == 0 && a.arrival > b.arrival);
}

bool GroupTable::ValueWorse::operator()(const OwnedValue& a, const OwnedValue& b) const {
  return better(func, a, b) < 0;
}

void GroupTable::buildHeap(Accumulator& acc, AggFunc func) {
  acc.heap.clear();
  acc.heap.reserve(acc.arrived.size() + 1);
  for (size_t i = 0; i < acc.arrived.size(); ++i) acc.heap.push_back({std::move(acc.arrived[i]), i});
  std::make_heap(acc.heap.begin(), acc.heap.end(), RankedWorse{func});
  std::make_heap(acc.gone.begin(), acc.gone.end(), ValueWorse{func});  // retractions made before
  std::vector<OwnedValue>().swap(acc.arrived);
  acc.extreme = 0;
  acc.heaped = true;
}

void GroupTable::settle(Accumulator& acc, AggFunc func) {
  RankedWorse worse{func};
  ValueWorse worseValue{func};
  while (!acc.gone.empty() && !acc.heap.empty() &&
         compareValues(acc.heap.front().value.view(), acc.gone.front().view()) == 0) {
    std::pop_heap(acc.heap.begin(), acc.heap.end(), worse);
    acc.heap.pop_back();
    std::pop_heap(acc.gone.begin(), acc.gone.end(), worseValue);
    acc.gone.pop_back();
  }
}

const OwnedValue& GroupTable::extremeOf(const Accumulator& acc) {
  if (!acc.heaped) return acc.arrived[acc.extreme];
  return acc.heap.front().value;
}

void GroupTable::appendRow(uint32_t gi, Batch& out) const {
  const Group& g = groups_[gi];
  // Key strings stay in the table's key rows for the whole run: the row
  // shares them (a group row kept alone, as the waves' last row of a group
  // is, would otherwise cost an arena block of its own).
  out.shareStringsOf(keyRows_);
  size_t c = 0;
  for (; c < keyCols_.size(); ++c) appendValue(out.column(c), cellAt(keyRows_.column(c), gi));
  for (size_t a = 0; a < aggs_.size(); ++a, ++c) {
    const AggregateSpec& spec = aggs_[a];
    const Accumulator& acc = g.acc[a];
    Value v;
    switch (spec.func) {
      case AggFunc::CountStar:
      case AggFunc::Count:
        v = Value::ofInt(g.count);
        break;
      case AggFunc::Sum:
        v = spec.argType == Type::Int ? Value::ofInt(acc.isum) : Value::ofFloat(acc.fsum.value());
        break;
      case AggFunc::Avg:
        v = Value::ofFloat((spec.argType == Type::Int ? static_cast<double>(acc.isum) : acc.fsum.value()) /
                           static_cast<double>(g.count));
        break;
      case AggFunc::Min:
      case AggFunc::Max: {
        const OwnedValue& o = extremeOf(acc);
        v = o.view();
        if (v.type == Type::String) v.s = out.arena().store(v.s);
        break;
      }
    }
    appendValue(out.column(c), v);
  }
}

OrderKey GroupTable::orderKey(uint32_t g) const {
  OrderKey key;
  for (size_t c = 0; c < keyCols_.size(); ++c) appendValueKey(key, cellAt(keyRows_.column(c), g));
  return key;
}

}  // namespace popper::ops

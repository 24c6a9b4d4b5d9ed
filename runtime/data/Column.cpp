// Column operations that depend on the column's type.
#include "runtime/data/Column.h"

namespace popper {

namespace {
template <typename F>
decltype(auto) visitVector(Column& c, F&& f) {
  switch (c.type) {
    case Type::Int:
      return f(c.ints);
    case Type::Float:
      return f(c.floats);
    case Type::Bool:
      return f(c.bools);
    case Type::String:
      break;
  }
  return f(c.strings);
}

template <typename T>
void gatherInto(std::vector<T>& dst, const std::vector<T>& src, const uint32_t* rows, size_t n) {
  size_t base = dst.size();
  dst.resize(base + n);
  T* out = dst.data() + base;
  const T* in = src.data();
  for (size_t i = 0; i < n; ++i) out[i] = in[rows[i]];
}
}  // namespace

size_t Column::size() const {
  switch (type) {
    case Type::Int:
      return ints.size();
    case Type::Float:
      return floats.size();
    case Type::Bool:
      return bools.size();
    case Type::String:
      break;
  }
  return strings.size();
}

void Column::clear() {
  visitVector(*this, [](auto& v) { v.clear(); });
}
void Column::reserve(size_t n) {
  visitVector(*this, [n](auto& v) { v.reserve(n); });
}
void Column::resize(size_t n) {
  visitVector(*this, [n](auto& v) { v.resize(n); });
}

void Column::appendGather(const Column& src, const uint32_t* rows, size_t n) {
  switch (type) {
    case Type::Int:
      return gatherInto(ints, src.ints, rows, n);
    case Type::Float:
      return gatherInto(floats, src.floats, rows, n);
    case Type::Bool:
      return gatherInto(bools, src.bools, rows, n);
    case Type::String:
      return gatherInto(strings, src.strings, rows, n);
  }
}

void Column::appendRange(const Column& src, size_t begin, size_t end) {
  switch (type) {
    case Type::Int:
      ints.insert(ints.end(), src.ints.begin() + begin, src.ints.begin() + end);
      return;
    case Type::Float:
      floats.insert(floats.end(), src.floats.begin() + begin, src.floats.begin() + end);
      return;
    case Type::Bool:
      bools.insert(bools.end(), src.bools.begin() + begin, src.bools.begin() + end);
      return;
    case Type::String:
      strings.insert(strings.end(), src.strings.begin() + begin, src.strings.begin() + end);
      return;
  }
}

void Column::appendZero() {
  visitVector(*this, [](auto& v) { v.emplace_back(); });
}

}  // namespace popper

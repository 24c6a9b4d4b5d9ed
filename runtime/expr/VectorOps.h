// Building blocks of the interpreter's loops: operands read in place
// (a constant, a column through a selection, or a dense scratch vector), loops
// specialised per operand mode so the compiler can vectorise them, a pool of
// scratch columns, and scatter.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "common/Type.h"
#include "runtime/data/Column.h"

namespace popper {

template <typename T>
std::vector<T>& valuesOf(Column& c);
template <>
inline std::vector<int64_t>& valuesOf(Column& c) {
  return c.ints;
}
template <>
inline std::vector<double>& valuesOf(Column& c) {
  return c.floats;
}
template <>
inline std::vector<uint8_t>& valuesOf(Column& c) {
  return c.bools;
}
template <>
inline std::vector<std::string_view>& valuesOf(Column& c) {
  return c.strings;
}
template <typename T>
const std::vector<T>& valuesOf(const Column& c) {
  return valuesOf<T>(const_cast<Column&>(c));
}

template <typename T>
T literalAs(const Literal& lit);
template <>
inline int64_t literalAs(const Literal& lit) {
  return lit.asInt();
}
template <>
inline double literalAs(const Literal& lit) {
  return lit.asFloat();
}
template <>
inline uint8_t literalAs(const Literal& lit) {
  return lit.asBool() ? 1 : 0;
}
template <>
inline std::string_view literalAs(const Literal& lit) {
  return lit.asString();
}

enum class OperandMode { Const, Indexed, Dense };

template <typename T>
struct Operand {
  OperandMode mode = OperandMode::Dense;
  const T* data = nullptr;
  const uint32_t* index = nullptr;  // Indexed: value i is data[index[i]]
  T constant{};

  template <OperandMode M>
  T get(size_t i) const {
    if constexpr (M == OperandMode::Const)
      return constant;
    else if constexpr (M == OperandMode::Indexed)
      return data[index[i]];
    else
      return data[i];
  }
};

template <OperandMode M, typename T, typename F>
void loop1(const Operand<T>& a, size_t n, F& f) {
  for (size_t i = 0; i < n; ++i) f(i, a.template get<M>(i));
}

template <typename T, typename F>
void forEach1(const Operand<T>& a, size_t n, F&& f) {
  switch (a.mode) {
    case OperandMode::Const:
      return loop1<OperandMode::Const>(a, n, f);
    case OperandMode::Indexed:
      return loop1<OperandMode::Indexed>(a, n, f);
    case OperandMode::Dense:
      return loop1<OperandMode::Dense>(a, n, f);
  }
}

template <OperandMode MA, OperandMode MB, typename A, typename B, typename F>
void loop2(const Operand<A>& a, const Operand<B>& b, size_t n, F& f) {
  for (size_t i = 0; i < n; ++i) f(i, a.template get<MA>(i), b.template get<MB>(i));
}

template <OperandMode MA, typename A, typename B, typename F>
void forEach2Second(const Operand<A>& a, const Operand<B>& b, size_t n, F& f) {
  switch (b.mode) {
    case OperandMode::Const:
      return loop2<MA, OperandMode::Const>(a, b, n, f);
    case OperandMode::Indexed:
      return loop2<MA, OperandMode::Indexed>(a, b, n, f);
    case OperandMode::Dense:
      return loop2<MA, OperandMode::Dense>(a, b, n, f);
  }
}

template <typename A, typename B, typename F>
void forEach2(const Operand<A>& a, const Operand<B>& b, size_t n, F&& f) {
  switch (a.mode) {
    case OperandMode::Const:
      return forEach2Second<OperandMode::Const>(a, b, n, f);
    case OperandMode::Indexed:
      return forEach2Second<OperandMode::Indexed>(a, b, n, f);
    case OperandMode::Dense:
      return forEach2Second<OperandMode::Dense>(a, b, n, f);
  }
}

// out[positions[k]] = src[k] for every k.
inline void scatter(const Column& src, const std::vector<uint32_t>& positions, Column& out) {
  auto run = [&](const auto& from, auto& to) {
    for (size_t k = 0; k < positions.size(); ++k) to[positions[k]] = from[k];
  };
  switch (out.type) {
    case Type::Int:
      return run(src.ints, out.ints);
    case Type::Float:
      return run(src.floats, out.floats);
    case Type::Bool:
      return run(src.bools, out.bools);
    case Type::String:
      return run(src.strings, out.strings);
  }
}

class ColumnPool;

// A scratch column borrowed from a ColumnPool, returned when it goes out of scope.
class PooledColumn {
 public:
  PooledColumn() = default;
  PooledColumn(ColumnPool* pool, std::unique_ptr<Column> c) : pool_(pool), column_(std::move(c)) {}
  PooledColumn(PooledColumn&& o) noexcept : pool_(o.pool_), column_(std::move(o.column_)) {}
  PooledColumn& operator=(PooledColumn&& o) noexcept;
  ~PooledColumn();
  Column& operator*() { return *column_; }
  Column* operator->() { return column_.get(); }

 private:
  ColumnPool* pool_ = nullptr;
  std::unique_ptr<Column> column_;
};

// Reuses scratch columns across batches, so steady-state evaluation does not allocate.
class ColumnPool {
 public:
  PooledColumn take(Type type) {
    std::unique_ptr<Column> c;
    if (free_.empty()) {
      c = std::make_unique<Column>(type);
    } else {
      c = std::move(free_.back());
      free_.pop_back();
      c->type = type;
    }
    return PooledColumn(this, std::move(c));
  }
  void give(std::unique_ptr<Column> c) { free_.push_back(std::move(c)); }

 private:
  std::vector<std::unique_ptr<Column>> free_;
};

inline PooledColumn& PooledColumn::operator=(PooledColumn&& o) noexcept {
  if (this != &o) {
    if (column_ && pool_) pool_->give(std::move(column_));
    pool_ = o.pool_;
    column_ = std::move(o.column_);
  }
  return *this;
}
inline PooledColumn::~PooledColumn() {
  if (column_ && pool_) pool_->give(std::move(column_));
}

}  // namespace popper

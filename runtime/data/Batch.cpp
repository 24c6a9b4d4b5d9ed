// Batch row management: appending, gathering and compacting rows.
#include "runtime/data/Batch.h"

#include <algorithm>

namespace popper {

Batch::Batch(SchemaPtr schema, bool withLineage) : schema_(std::move(schema)), withLineage_(withLineage) {
  columns.reserve(schema_->size());
  for (const ColumnInfo& c : *schema_) columns.emplace_back(c.type);
  if (withLineage_) lineageOffsets.push_back(0);
}

void Batch::enableLineage() {
  assert(empty());
  if (withLineage_) return;
  withLineage_ = true;
  lineageOffsets.assign(1, 0);
  lineageParents.clear();
}

void Batch::dropLineage() {
  withLineage_ = false;
  lineageOffsets.clear();
  lineageParents.clear();
}

StringArena& Batch::arena() {
  if (!arena_) arena_ = std::make_shared<StringArena>();
  return *arena_;
}

void Batch::shareStringsOf(const Batch& other) {
  if (&other == this) return;
  auto keep = [this](const StringArenaPtr& a) {
    if (!a || a == arena_) return;
    if (std::find(sharedArenas_.begin(), sharedArenas_.end(), a) == sharedArenas_.end())
      sharedArenas_.push_back(a);
  };
  keep(other.arena_);
  for (const StringArenaPtr& a : other.sharedArenas_) keep(a);
}

void Batch::clear() {
  for (Column& c : columns) c.clear();
  rowIds.clear();
  weights.clear();
  lineageParents.clear();
  if (withLineage_) lineageOffsets.assign(1, 0);
  sharedArenas_.clear();
  // An arena someone else still shares must not be reused under them.
  if (arena_ && arena_.use_count() == 1)
    arena_->reset();
  else
    arena_.reset();
}

void Batch::reserve(size_t rows) {
  for (Column& c : columns) c.reserve(rows);
  rowIds.reserve(rows);
  weights.reserve(rows);
  if (withLineage_) lineageOffsets.reserve(rows + 1);
}

void Batch::appendRows(const Batch& src, const Selection& sel, StringCopy mode) {
  assert(&src != this && src.columns.size() == columns.size());
  size_t first = size();
  size_t n = sel.size();
  for (size_t c = 0; c < columns.size(); ++c) columns[c].appendGather(src.columns[c], sel.data(), n);
  rowIds.resize(first + n);
  weights.resize(first + n);
  for (size_t i = 0; i < n; ++i) {
    rowIds[first + i] = src.rowIds[sel[i]];
    weights[first + i] = src.weights[sel[i]];
  }
  if (withLineage_) {
    for (uint32_t r : sel) {
      if (src.withLineage_) {
        auto [b, e] = src.parents(r);
        lineageParents.insert(lineageParents.end(), b, e);
      }
      lineageOffsets.push_back(static_cast<uint32_t>(lineageParents.size()));
    }
  }
  if (mode == StringCopy::Deep)
    copyStringsDeep(first);
  else
    shareStringsOf(src);
}

void Batch::appendRows(const Batch& src, size_t begin, size_t end, StringCopy mode) {
  assert(&src != this && src.columns.size() == columns.size());
  size_t first = size();
  for (size_t c = 0; c < columns.size(); ++c) columns[c].appendRange(src.columns[c], begin, end);
  rowIds.insert(rowIds.end(), src.rowIds.begin() + begin, src.rowIds.begin() + end);
  weights.insert(weights.end(), src.weights.begin() + begin, src.weights.begin() + end);
  if (withLineage_) {
    for (size_t r = begin; r < end; ++r) {
      if (src.withLineage_) {
        auto [b, e] = src.parents(r);
        lineageParents.insert(lineageParents.end(), b, e);
      }
      lineageOffsets.push_back(static_cast<uint32_t>(lineageParents.size()));
    }
  }
  if (mode == StringCopy::Deep)
    copyStringsDeep(first);
  else
    shareStringsOf(src);
}

void Batch::copyStringsDeep(size_t firstRow) {
  for (Column& c : columns) {
    if (c.type != Type::String) continue;
    for (size_t r = firstRow; r < c.strings.size(); ++r) c.strings[r] = arena().store(c.strings[r]);
  }
}

namespace {
template <typename T>
void retainVector(std::vector<T>& v, const Selection& keep) {
  size_t out = 0;
  for (uint32_t r : keep) v[out++] = v[r];
  v.resize(out);
}
}  // namespace

void Batch::retain(const Selection& keep) {
  if (keep.size() == size()) return;
  for (Column& c : columns) {
    switch (c.type) {
      case Type::Int:
        retainVector(c.ints, keep);
        break;
      case Type::Float:
        retainVector(c.floats, keep);
        break;
      case Type::Bool:
        retainVector(c.bools, keep);
        break;
      case Type::String:
        retainVector(c.strings, keep);
        break;
    }
  }
  if (withLineage_) {
    std::vector<RowId> parents;
    std::vector<uint32_t> offsets{0};
    for (uint32_t r : keep) {
      auto [b, e] = this->parents(r);
      parents.insert(parents.end(), b, e);
      offsets.push_back(static_cast<uint32_t>(parents.size()));
    }
    lineageParents = std::move(parents);
    lineageOffsets = std::move(offsets);
  }
  retainVector(rowIds, keep);
  retainVector(weights, keep);
}

bool Batch::isConsistent() const {
  if (schema_ && columns.size() != schema_->size()) return false;
  if (weights.size() != size()) return false;
  for (size_t c = 0; c < columns.size(); ++c) {
    if (columns[c].size() != size()) return false;
    if (schema_ && columns[c].type != (*schema_)[c].type) return false;
  }
  if (withLineage_) {
    if (lineageOffsets.size() != size() + 1) return false;
    if (lineageOffsets.back() != lineageParents.size()) return false;
  }
  return true;
}

}  // namespace popper

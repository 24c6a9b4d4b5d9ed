// Edit-distance suggestions for misspelled names.
#include "common/NameSuggest.h"

#include <algorithm>
#include <cctype>

namespace popper {

namespace {

// editDistance(a, b) when it is at most `bound`, else some value above it,
// without filling the whole table: each row's smallest entry never shrinks,
// so once it passes the bound the distance does too.
size_t boundedEditDistance(const std::string& a, const std::string& b, size_t bound) {
  size_t longer = std::max(a.size(), b.size()), shorter = std::min(a.size(), b.size());
  if (longer - shorter > bound) return bound + 1;
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    size_t smallest = row[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                  std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      smallest = std::min(smallest, row[j]);
      diagonal = above;
    }
    if (smallest > bound) return bound + 1;
  }
  return row[b.size()];
}

}  // namespace

// No distance exceeds the longer length, so that bound never cuts the table short.
size_t editDistance(const std::string& a, const std::string& b) {
  return boundedEditDistance(a, b, std::max(a.size(), b.size()));
}

std::string closestName(const std::string& name, const std::vector<std::string>& candidates) {
  // Nobody mistypes a name of hundreds of characters, and the distance table
  // grows with the product of the lengths (64K-character names: 29 s).
  if (name.size() > kMaxSuggestedName) return "";
  // One edit is most of a one- or two-letter name: suggest only a change of case there.
  size_t limit = name.size() < 3 ? 0 : std::max<size_t>(1, name.size() / 3);
  std::string best;
  size_t bestDistance = limit + 1;
  for (const std::string& candidate : candidates) {
    if (bestDistance == 0) break;  // a change of case: nothing is closer
    if (candidate == name) continue;
    // Only a candidate closer than the best so far matters (a 64K-character
    // name against short candidates stops at the length check).
    size_t d = boundedEditDistance(name, candidate, bestDistance - 1);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best;
}

std::string didYouMean(const std::string& name, const std::vector<std::string>& candidates) {
  std::string best = closestName(name, candidates);
  return best.empty() ? "" : "; did you mean '" + best + "'?";
}

std::string didYouMeanType(const std::string& name) {
  // Names other languages use for the same types.
  static const std::pair<const char*, const char*> kForeign[] = {
      {"integer", "int"},  {"long", "int"},    {"int64", "int"},      {"bigint", "int"},
      {"double", "float"}, {"real", "float"},  {"number", "float"},   {"float64", "float"},
      {"str", "string"},   {"text", "string"}, {"varchar", "string"}, {"boolean", "bool"}};
  std::string lower = name;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& [foreign, ours] : kForeign)
    if (lower == foreign) return std::string("; did you mean '") + ours + "'?";
  return didYouMean(name, {"string", "int", "float", "bool"});
}

}  // namespace popper

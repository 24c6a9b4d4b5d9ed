// Edit-distance suggestions for misspelled names.
#include "common/NameSuggest.h"

#include <algorithm>
#include <cctype>

namespace popper {

size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                  std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string closestName(const std::string& name, const std::vector<std::string>& candidates) {
  // One edit is most of a one- or two-letter name: suggest only a change of case there.
  size_t limit = name.size() < 3 ? 0 : std::max<size_t>(1, name.size() / 3);
  std::string best;
  size_t bestDistance = limit + 1;
  for (const std::string& candidate : candidates) {
    if (candidate == name) continue;
    size_t d = editDistance(name, candidate);
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

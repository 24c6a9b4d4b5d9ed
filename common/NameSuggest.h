// "did you mean 'x'?" suggestions for near-miss names, by edit distance.
#pragma once

#include <string>
#include <vector>

namespace popper {

// Levenshtein distance ignoring ASCII case (also used by the Ocr operator to
// match a card's printed labels with the PRODUCE column names).
size_t editDistance(const std::string& a, const std::string& b);

// The candidate closest to `name` if it is close enough to be a likely typo
// (case-insensitive Levenshtein distance at most a third of the name, min 1;
// names under three letters only match up to case), else "". A name longer
// than kMaxSuggestedName gets no suggestion.
constexpr size_t kMaxSuggestedName = 256;
std::string closestName(const std::string& name, const std::vector<std::string>& candidates);
// "; did you mean 'x'?" or "".
std::string didYouMean(const std::string& name, const std::vector<std::string>& candidates);

// "; did you mean 'int'?" for a misspelled or foreign type name ("integer", "Int", "double").
std::string didYouMeanType(const std::string& name);

}  // namespace popper

// Shared binding state: relation table, ancestry, name lists for suggestions.
#include "compiler/sema/SemaContext.h"

#include <fmt/format.h>

#include "common/NameSuggest.h"

namespace popper::sema {

const Schema& SemaContext::schemaOf(RelId id) const {
  static const Schema kEmpty;
  return id < 0 ? kEmpty : program.relations[id].schema;
}

const RelationState& SemaContext::stateOf(RelId id) const {
  static const RelationState kFailed{false, {}, {}, false};
  return id < 0 ? kFailed : states[id];
}

RelId SemaContext::addRelation(BoundRelation relation, RelationState state) {
  RelId id = static_cast<RelId>(program.relations.size());
  relation.id = id;
  program.relations.push_back(std::move(relation));
  states.push_back(std::move(state));
  return id;
}

std::vector<std::string> SemaContext::rowsetNames() const {
  std::vector<std::string> names;
  for (const auto& [name, rowset] : rowsets) names.push_back(name);
  return names;
}

void SemaContext::reportUndefinedRowset(const ast::Ident& name, const std::string& what) {
  if (auto later = definedLater.find(name.name); later != definedLater.end()) {
    diags.error(name.range, fmt::format("{} '{}' is used before it is defined", what, name.name));
    diags.note(later->second, fmt::format("'{}' is defined here", name.name));
    return;
  }
  std::string suggestion = closestName(name.name, rowsetNames());
  if (suggestion.empty()) {
    diags.error(name.range, fmt::format("unknown {} '{}'", what, name.name));
    return;
  }
  rowsets[suggestion].used = true;
  diags.error(name.range, fmt::format("unknown {} '{}'; did you mean '{}'?", what, name.name, suggestion));
}

std::vector<std::string> SemaContext::paramNames() const {
  std::vector<std::string> names;
  for (const auto& [name, param] : params) names.push_back(name);
  return names;
}

std::set<RelId> SemaContext::ancestors(RelId id) const {
  std::set<RelId> seen;
  std::vector<RelId> work{id};
  while (!work.empty()) {
    RelId current = work.back();
    work.pop_back();
    if (current < 0) continue;
    for (RelId input : states[current].inputs)
      if (input >= 0 && seen.insert(input).second) work.push_back(input);
  }
  return seen;
}

}  // namespace popper::sema

// The job options' names and value rules.
#include "compiler/sema/OptionCheck.h"

#include <fmt/format.h>

#include "common/NameSuggest.h"

namespace popper::sema {
namespace {

struct OptionRule {
  const char* name;
  int64_t minimum;
};

constexpr OptionRule kOptions[] = {
    {"threads", 1}, {"max_rounds", 1}, {"max_rejects", 0}, {"batch_size", 1}, {"epoch_rows", 1}};

}  // namespace

std::vector<std::string> optionNames() {
  std::vector<std::string> names;
  for (const OptionRule& rule : kOptions) names.emplace_back(rule.name);
  return names;
}

bool isOption(const std::string& name) {
  for (const OptionRule& rule : kOptions)
    if (name == rule.name) return true;
  return false;
}

std::optional<std::string> checkOptionValue(const std::string& name, const Literal& value) {
  for (const OptionRule& rule : kOptions) {
    if (name != rule.name) continue;
    if (value.type() != Type::Int)
      return fmt::format("option '{}' must be an int, got {}", name, typeName(value.type()));
    if (value.asInt() < rule.minimum)
      return fmt::format("option '{}' must be at least {}", name, rule.minimum);
    return std::nullopt;
  }
  return fmt::format("unknown option '{}'{}", name, didYouMean(name, optionNames()));
}

}  // namespace popper::sema

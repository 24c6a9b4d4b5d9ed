// Job options (`SET name = value;`, popper.yaml `options:`): the known names,
// their types and ranges.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/Type.h"

namespace popper::sema {

// threads, max_rounds, batch_size (int >= 1), max_rejects (int >= 0).
std::vector<std::string> optionNames();
bool isOption(const std::string& name);
// nullopt if `value` is acceptable for the known option `name`, else why not.
std::optional<std::string> checkOptionValue(const std::string& name, const Literal& value);

}  // namespace popper::sema

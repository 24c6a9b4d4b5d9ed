// One-line, source-like descriptions of what a plan node does ("WHERE len(line)
// > 3", "USING Sentiment(text: line) PRODUCE sentiment:string"), shared by the
// text, JSON and DOT renderings of the plan.
#pragma once

#include <string>
#include <vector>

#include "compiler/plan/Dataflow.h"

namespace popper::plan {

// The node's operation, one line per clause (a Pipeline: one line per step).
std::vector<std::string> describeNode(const Dataflow& flow, const PlanNode& node);
// What one handler action does, e.g. "APPEND TO lines SET line = line_en".
std::string describeAction(const Dataflow& flow, const PlanNode& handle, const HandleAction& action);
// "a:int, b:string"
std::string formatSchema(const Schema& schema);

}  // namespace popper::plan

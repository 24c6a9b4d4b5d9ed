// Check and plan a workflow's text in-process, through the compiler driver
// the CLI uses, so the studio's diagnostics and plans are `popper check
// --format json` and `popper plan --format json` byte for byte (the plan with
// each node's source range added).
#pragma once

#include <map>
#include <string>

namespace popper::studio {

struct ApiReply {
  int status = 200;  // 200, or 422 when the workflow cannot be loaded or planned
  std::string json;
};

using Params = std::map<std::string, std::string>;

// `path` is where the text lives (its IMPORTs and ground truth are found from
// there); the text is the editor's, saved or not.
ApiReply checkWorkflow(const std::string& path, std::string text, const Params& params);
ApiReply planWorkflow(const std::string& path, std::string text, const Params& params);

}  // namespace popper::studio

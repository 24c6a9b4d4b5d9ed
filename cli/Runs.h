// `popper runs list | show ID | compare A B | diff A B --output PATH |
// rejects ID | corrections ID` (docs/cli.md, "popper runs"): reading the run
// store. Each returns the exit code: 0, 2 for an unknown or ambiguous run id
// or output, 3 when the store cannot be read.
#pragma once

#include <string>

#include "store/Store.h"

namespace popper::cli {

struct RunsArgs {
  std::string store;
  std::string format = "text";
  std::string a, b;    // run ids (prefixes)
  std::string output;  // diff: the output, as written or resolved
};

int runsList(store::Store& store, const RunsArgs& args);
int runsShow(store::Store& store, const RunsArgs& args);
int runsFile(store::Store& store, const RunsArgs& args, const std::string& which);  // rejects, corrections
int runsCompare(store::Store& store, const RunsArgs& args);
int runsDiff(store::Store& store, const RunsArgs& args);

// The full id for a prefix, or prints why not and returns nullopt with *exitCode set.
std::optional<std::string> resolveRunId(store::Store& store, const std::string& prefix, int* exitCode);
// Prints a store error and returns its exit code (2 for a bad id or output, 3 otherwise).
int storeError(const Status& status);

}  // namespace popper::cli

// Loading C++ plugins (`IMPORT "lib.so";`, include/popper/plugin.h): dlopen
// the library, check its API version, call its popper_register and add its
// operators, each signature with its factory, to an OperatorCatalog (so
// `popper check` checks calls like a built-in's and the run makes them like
// one). A library is loaded once per process (keyed by its canonical path)
// and never unloaded: the operators' code lives in it; its operators are
// added to each catalog that imports it.
#pragma once

#include <memory>
#include <string>

#include "common/Status.h"
#include "runtime/catalog/OperatorCatalog.h"

namespace popper::pluginhost {

// Loads one library (path as given) and adds its operators to `catalog`:
// "" or the problem ("no such file", a missing entry point, a version
// mismatch, a bad signature, a duplicate operator name).
std::string importPlugin(const std::string& path, catalog::OperatorCatalog& catalog);

// Loads one library (path as given); the error message names the problem.
Status loadPlugin(const std::string& path, catalog::OperatorCatalog& catalog);

}  // namespace popper::pluginhost

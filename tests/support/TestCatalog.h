// The operator catalog unit tests check and run against: the build's
// operators (built-ins and models, as the driver's standard catalog), one per
// test process. Tests that import plugins add them to it.
#pragma once

#include "compiler/sema/Analyzer.h"
#include "runtime/catalog/OperatorCatalog.h"
#include "runtime/engine/Engine.h"

namespace popper::testing {

catalog::OperatorCatalog& testCatalog();

// AnalyzeOptions that look operators up in testCatalog().
AnalyzeOptions testAnalyzeOptions();

// EngineHooks that make operators from testCatalog().
engine::EngineHooks testHooks();

}  // namespace popper::testing

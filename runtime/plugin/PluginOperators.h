// Adapters that run plugin operators (include/popper/plugin.h) behind
// Popper's internal operator interfaces: catalog::Processor / Reducer / Combiner
// (runtime/catalog/OperatorApi.h) and the BatchReader / BatchWriter of runtime/io.
// A plugin operator is created once per plan node (or per file), from the
// call's bound arguments.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "compiler/sema/OperatorRegistry.h"
#include "include/popper/plugin.h"
#include "runtime/catalog/OperatorApi.h"
#include "runtime/io/BatchReader.h"
#include "runtime/io/BatchWriter.h"

namespace popper::pluginhost {

// Each adapter owns the plugin's operator object; `signature` outlives it
// (registry entries are never removed).
std::unique_ptr<catalog::Processor> adaptProcessor(std::unique_ptr<popper::Processor> op,
                                                   const OperatorSignature* signature);
std::unique_ptr<catalog::Reducer> adaptReducer(std::unique_ptr<popper::Reducer> op, std::string name);
std::unique_ptr<catalog::Combiner> adaptCombiner(std::unique_ptr<popper::Combiner> op, std::string name);

// Opens the file with the plugin's extractor; rows are numbered by record.
Result<std::unique_ptr<BatchReader>> adaptExtractor(std::unique_ptr<popper::Extractor> op, std::string name,
                                                    const ReaderOptions& options);
// The outputter's bytes go to an atomic file at options.path.
Result<std::unique_ptr<BatchWriter>> adaptOutputter(std::unique_ptr<popper::Outputter> op, std::string name,
                                                    const WriterOptions& options);

}  // namespace popper::pluginhost

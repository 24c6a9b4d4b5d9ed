// OperatorCatalog: every operator a workflow can call, by name and kind: its
// signature (what `popper check` checks a call against) beside its factory
// (what the runtime calls to make an instance), so one registration serves
// both. It is filled by whoever assembles a build's operators: the built-ins
// (ops::registerBuiltinOperators: Lines, Csv, Jsonl, Changelog and the test
// operators), the models (models::registerModelOperators) and IMPORTed
// plugins (driver::loadImports); sema reads signatures(), the runtime
// opens and makes operators through it. There is no process-wide catalog:
// the driver (compiler/driver) builds one per workflow and hands it to both.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>

#include "common/Status.h"
#include "compiler/sema/OperatorRegistry.h"
#include "runtime/catalog/OperatorApi.h"
#include "runtime/io/BatchReader.h"
#include "runtime/io/BatchWriter.h"

namespace popper::catalog {

class OperatorCatalog {
 public:
  using ExtractorFactory =
      std::function<Result<std::unique_ptr<BatchReader>>(const BoundOpCall&, ReaderOptions)>;
  using OutputterFactory =
      std::function<Result<std::unique_ptr<BatchWriter>>(const BoundOpCall&, WriterOptions)>;
  using ProcessorFactory = std::function<Result<std::unique_ptr<Processor>>(const OperatorSetup&)>;
  using ReducerFactory = std::function<Result<std::unique_ptr<Reducer>>(const OperatorSetup&)>;
  using CombinerFactory = std::function<Result<std::unique_ptr<Combiner>>(const OperatorSetup&)>;

  OperatorCatalog() = default;
  OperatorCatalog(const OperatorCatalog&) = delete;  // signatures() hands out pointers into it
  OperatorCatalog& operator=(const OperatorCatalog&) = delete;

  // Each adds (or replaces) the operator of the signature's name; the
  // signature's kind must be the one the method names.
  void addExtractor(OperatorSignature signature, ExtractorFactory factory);
  void addOutputter(OperatorSignature signature, OutputterFactory factory);
  void addProcessor(OperatorSignature signature, ProcessorFactory factory);
  void addReducer(OperatorSignature signature, ReducerFactory factory);
  void addCombiner(OperatorSignature signature, CombinerFactory factory);

  // What sema checks calls against.
  const OperatorRegistry& signatures() const { return signatures_; }

  // "unknown extractor 'X'" / "operator 'X' is not available in this build"
  // (Unsupported) when the catalog has no such operator.
  Result<std::unique_ptr<BatchReader>> openExtractor(const BoundOpCall& call,
                                                     const ReaderOptions& options) const;
  Result<std::unique_ptr<BatchWriter>> openOutputter(const BoundOpCall& call,
                                                     const WriterOptions& options) const;
  Result<std::unique_ptr<Processor>> makeProcessor(const OperatorSetup& setup) const;
  Result<std::unique_ptr<Reducer>> makeReducer(const OperatorSetup& setup) const;
  Result<std::unique_ptr<Combiner>> makeCombiner(const OperatorSetup& setup) const;

  // The plugin libraries whose operators were added (keyed by canonical path).
  bool hasPlugin(const std::string& key) const { return plugins_.count(key) > 0; }
  void addPlugin(const std::string& key) { plugins_.insert(key); }

 private:
  OperatorRegistry signatures_;
  std::map<std::string, ExtractorFactory> extractors_;
  std::map<std::string, OutputterFactory> outputters_;
  std::map<std::string, ProcessorFactory> processors_;
  std::map<std::string, ReducerFactory> reducers_;
  std::map<std::string, CombinerFactory> combiners_;
  std::set<std::string> plugins_;
};

}  // namespace popper::catalog

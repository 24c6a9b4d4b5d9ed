// dlopen, version check and registration into a catalog (see PluginLoader.h).
#include "runtime/plugin/PluginLoader.h"

#include <dlfcn.h>

#include <cctype>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>

#include "compiler/sema/OperatorRegistry.h"
#include "include/popper/plugin.h"
#include "runtime/catalog/OperatorCatalog.h"
#include "runtime/plugin/PluginOperators.h"
#include "runtime/plugin/PluginRows.h"

namespace popper::pluginhost {
namespace {

using VersionFn = int (*)();
using RegisterFn = void (*)(popper::PluginRegistry&);

std::mutex& loadMutex() {
  static std::mutex mu;
  return mu;
}

// One operator a plugin registered, checked before anything is committed.
struct StagedOperator {
  OperatorSignature signature;
  void* factory = nullptr;  // the popper::*Factory of signature.kind
  std::string problem;      // a signature call that made no sense
};

// A library dlopen'ed by this process: what loading it gave, once for all
// catalogs (the library stays loaded, so its factories stay valid).
struct LoadedLibrary {
  std::string problem;  // "" when it loaded and its operators are sound
  std::deque<StagedOperator> staged;
};

// canonical path -> the library
std::map<std::string, LoadedLibrary>& loaded() {
  static std::map<std::string, LoadedLibrary> table;
  return table;
}

Type typeOf(popper::ColumnType t) { return static_cast<Type>(t); }

ast::ActionKind actionOf(popper::BackEdgeAction a) {
  switch (a) {
    case popper::BackEdgeAction::Append:
      return ast::ActionKind::Append;
    case popper::BackEdgeAction::Delete:
      return ast::ActionKind::Delete;
    case popper::BackEdgeAction::Edit:
      break;
  }
  return ast::ActionKind::EditSet;
}

class SignatureBuilder final : public popper::Signature {
 public:
  explicit SignatureBuilder(StagedOperator& op) : op_(op) {}

  Signature& column(std::string_view name, ColumnType type) override {
    OperatorArgSpec& a = arg(name);
    a.type = typeOf(type);
    a.acceptsLiteral = false;
    a.acceptsColumn = true;
    a.required = true;
    return *this;
  }
  Signature& value(std::string_view name, ColumnType type) override {
    OperatorArgSpec& a = arg(name);
    a.type = typeOf(type);
    a.required = true;
    return *this;
  }
  Signature& optionalString(std::string_view name, std::string_view v) override {
    return optional(name, Literal{std::string(v)});
  }
  Signature& optionalInt(std::string_view name, int64_t v) override { return optional(name, Literal{v}); }
  Signature& optionalFloat(std::string_view name, double v) override { return optional(name, Literal{v}); }
  Signature& optionalBool(std::string_view name, bool v) override { return optional(name, Literal{v}); }
  Signature& produces(std::string_view name, ColumnType type) override {
    op_.signature.produces.push_back({std::string(name), typeOf(type)});
    return *this;
  }
  Signature& producesAny() override {
    op_.signature.openProduce = true;
    return *this;
  }
  Signature& rowWise() override {
    op_.signature.rowWise = true;
    return *this;
  }
  Signature& backEdge(BackEdgeAction action, std::string_view targetArg) override {
    op_.signature.backEdges.push_back({actionOf(action), std::string(targetArg)});
    return *this;
  }

 private:
  Signature& optional(std::string_view name, Literal v) {
    OperatorArgSpec& a = arg(name);
    a.type = v.type();
    a.required = false;
    a.defaultValue = std::move(v);
    return *this;
  }
  OperatorArgSpec& arg(std::string_view name) {
    for (const OperatorArgSpec& a : op_.signature.args)
      if (a.name == name && op_.problem.empty())
        op_.problem = "argument '" + std::string(name) + "' is declared twice";
    OperatorArgSpec& a = op_.signature.args.emplace_back();
    a.name = std::string(name);
    return a;
  }
  StagedOperator& op_;
};

class StagingRegistry : public popper::PluginRegistry {
 public:
  Signature& processor(std::string_view name, ProcessorFactory f) override {
    return stage(name, OperatorKind::Processor, reinterpret_cast<void*>(f));
  }
  Signature& reducer(std::string_view name, ReducerFactory f) override {
    return stage(name, OperatorKind::Reducer, reinterpret_cast<void*>(f));
  }
  Signature& combiner(std::string_view name, CombinerFactory f) override {
    return stage(name, OperatorKind::Combiner, reinterpret_cast<void*>(f));
  }
  Signature& extractor(std::string_view name, ExtractorFactory f) override {
    return stage(name, OperatorKind::Extractor, reinterpret_cast<void*>(f));
  }
  Signature& outputter(std::string_view name, OutputterFactory f) override {
    return stage(name, OperatorKind::Outputter, reinterpret_cast<void*>(f));
  }

  std::deque<StagedOperator> staged;

 private:
  Signature& stage(std::string_view name, OperatorKind kind, void* factory) {
    StagedOperator& op = staged.emplace_back();
    op.signature.name = std::string(name);
    op.signature.kind = kind;
    op.factory = factory;
    if (!factory) op.problem = "its factory is null";
    return builders_.emplace_back(op);
  }
  std::deque<SignatureBuilder> builders_;
};

bool isIdentifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

std::string describe(const OperatorSignature& s) {
  return std::string(operatorKindName(s.kind)) + " '" + s.name + "'";
}

std::string duplicateOf(const OperatorSignature& s) {
  return "it registers " + describe(s) + ", but an operator of that name and kind already exists";
}

// "" or what is wrong with the staged operator, whatever catalog it goes to.
std::string checkStaged(const StagedOperator& op,
                        const std::set<std::pair<std::string, OperatorKind>>& earlier) {
  const OperatorSignature& s = op.signature;
  std::string what = describe(s);
  if (!isIdentifier(s.name)) return "operator name '" + s.name + "' is not an identifier";
  if (!op.problem.empty()) return what + ": " + op.problem;
  if (earlier.count({s.name, s.kind})) return duplicateOf(s);
  if (!s.backEdges.empty() && s.kind != OperatorKind::Processor)
    return what + " declares a back edge, but only processors may emit them";
  for (const DeclaredBackEdge& d : s.backEdges) {
    const OperatorArgSpec* a = s.arg(d.targetArg);
    if (!a || !a->acceptsLiteral || a->type != Type::String)
      return what + " declares a back edge through '" + d.targetArg +
             "', which is not a string argument of it";
  }
  return "";
}

template <typename Base, typename Factory>
Result<std::unique_ptr<Base>> construct(Factory factory, const BoundOpCall& call) {
  CallArgs args(call);
  Base* made = nullptr;
  try {
    made = factory(args);
  } catch (const std::exception& e) {
    return Status::invalidArgument("operator '" + call.op + "' cannot start: " + e.what());
  }
  if (!made)
    return Status::invalidArgument("operator '" + call.op + "' cannot start: its factory returned null");
  return std::unique_ptr<Base>(made);
}

// Adds a checked operator to the catalog.
void commit(const StagedOperator& op, catalog::OperatorCatalog& catalog) {
  OperatorSignature signature = op.signature;
  // An operator that emits back edges must see every row its input has, so
  // the optimizer must not move filters across it.
  if (!signature.backEdges.empty()) signature.rowWise = false;
  switch (signature.kind) {
    case OperatorKind::Processor: {
      auto f = reinterpret_cast<popper::ProcessorFactory>(op.factory);
      catalog.addProcessor(
          std::move(signature),
          [f](const catalog::OperatorSetup& s) -> Result<std::unique_ptr<catalog::Processor>> {
            auto made = construct<popper::Processor>(f, *s.call);
            if (!made) return made.status();
            return adaptProcessor(std::move(made.value()), s.call->signature);
          });
      break;
    }
    case OperatorKind::Reducer: {
      auto f = reinterpret_cast<popper::ReducerFactory>(op.factory);
      catalog.addReducer(std::move(signature),
                         [f](const catalog::OperatorSetup& s) -> Result<std::unique_ptr<catalog::Reducer>> {
                           auto made = construct<popper::Reducer>(f, *s.call);
                           if (!made) return made.status();
                           return adaptReducer(std::move(made.value()), s.call->op);
                         });
      break;
    }
    case OperatorKind::Combiner: {
      auto f = reinterpret_cast<popper::CombinerFactory>(op.factory);
      catalog.addCombiner(std::move(signature),
                          [f](const catalog::OperatorSetup& s) -> Result<std::unique_ptr<catalog::Combiner>> {
                            auto made = construct<popper::Combiner>(f, *s.call);
                            if (!made) return made.status();
                            return adaptCombiner(std::move(made.value()), s.call->op);
                          });
      break;
    }
    case OperatorKind::Extractor: {
      auto f = reinterpret_cast<popper::ExtractorFactory>(op.factory);
      catalog.addExtractor(
          std::move(signature),
          [f](const BoundOpCall& call, const ReaderOptions& options) -> Result<std::unique_ptr<BatchReader>> {
            auto made = construct<popper::Extractor>(f, call);
            if (!made) return made.status();
            return adaptExtractor(std::move(made.value()), call.op, options);
          });
      break;
    }
    case OperatorKind::Outputter: {
      auto f = reinterpret_cast<popper::OutputterFactory>(op.factory);
      catalog.addOutputter(
          std::move(signature),
          [f](const BoundOpCall& call, const WriterOptions& options) -> Result<std::unique_ptr<BatchWriter>> {
            auto made = construct<popper::Outputter>(f, call);
            if (!made) return made.status();
            return adaptOutputter(std::move(made.value()), call.op, options);
          });
      break;
    }
  }
}

// dlopen's the library once per process: "" or why it cannot be used.
const LoadedLibrary& openLibrary(const std::string& canonical) {
  if (auto done = loaded().find(canonical); done != loaded().end()) return done->second;
  LoadedLibrary& lib = loaded()[canonical];
  std::string& outcome = lib.problem;

  void* handle = dlopen(canonical.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    outcome = std::string("cannot load it: ") + (why ? why : "unknown dlopen error");
    return lib;
  }
  auto version = reinterpret_cast<VersionFn>(dlsym(handle, "popper_plugin_api_version"));
  auto registerFn = reinterpret_cast<RegisterFn>(dlsym(handle, "popper_register"));
  if (!registerFn) {
    outcome = "it has no entry point 'popper_register' (define it with POPPER_PLUGIN)";
    return lib;
  }
  if (!version) {
    outcome = "it has no 'popper_plugin_api_version' (define its entry point with POPPER_PLUGIN)";
    return lib;
  }
  if (int v = version(); v != popper::kPluginApiVersion) {
    outcome = "it was built for plugin API version " + std::to_string(v) + ", but this popper has version " +
              std::to_string(popper::kPluginApiVersion);
    return lib;
  }
  StagingRegistry staging;
  try {
    registerFn(staging);
  } catch (const std::exception& e) {
    outcome = std::string("popper_register failed: ") + e.what();
    return lib;
  }
  std::set<std::pair<std::string, OperatorKind>> seen;
  for (const StagedOperator& op : staging.staged) {
    outcome = checkStaged(op, seen);
    if (!outcome.empty()) return lib;
    seen.insert({op.signature.name, op.signature.kind});
  }
  lib.staged = std::move(staging.staged);
  return lib;
}

// Loads the library and adds its operators to `catalog` (once per catalog).
std::string loadLocked(const std::string& path, catalog::OperatorCatalog& catalog) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return "no such file";
  std::string canonical = std::filesystem::canonical(path, ec).string();
  if (ec) canonical = path;
  const LoadedLibrary& lib = openLibrary(canonical);
  if (!lib.problem.empty()) return lib.problem;
  if (catalog.hasPlugin(canonical)) return "";  // imported into this catalog before
  for (const StagedOperator& op : lib.staged)
    if (catalog.signatures().find(op.signature.name, op.signature.kind)) return duplicateOf(op.signature);
  catalog.addPlugin(canonical);
  for (const StagedOperator& op : lib.staged) commit(op, catalog);
  return "";
}

}  // namespace

std::string importPlugin(const std::string& path, catalog::OperatorCatalog& catalog) {
  std::lock_guard lock(loadMutex());
  return loadLocked(path, catalog);
}

Status loadPlugin(const std::string& path, catalog::OperatorCatalog& catalog) {
  std::string problem = importPlugin(path, catalog);
  if (problem.empty()) return Status::ok();
  return Status::invalidArgument("cannot import plugin '" + path + "': " + problem);
}

}  // namespace popper::pluginhost

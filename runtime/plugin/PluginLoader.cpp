// dlopen, version check, registration and the plugin IO table (see PluginLoader.h).
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
#include "runtime/ops/OperatorApi.h"
#include "runtime/plugin/PluginOperators.h"
#include "runtime/plugin/PluginRows.h"

namespace popper::pluginhost {
namespace {

using VersionFn = int (*)();
using RegisterFn = void (*)(popper::PluginRegistry&);

struct IoTables {
  std::map<std::string, popper::ExtractorFactory> extractors;
  std::map<std::string, popper::OutputterFactory> outputters;
};

IoTables& ioTables() {
  static IoTables tables;
  return tables;
}

std::mutex& loadMutex() {
  static std::mutex mu;
  return mu;
}

// canonical path -> the load's outcome ("" when it succeeded)
std::map<std::string, std::string>& loaded() {
  static std::map<std::string, std::string> table;
  return table;
}

// One operator a plugin registered, checked before anything is committed.
struct StagedOperator {
  OperatorSignature signature;
  void* factory = nullptr;  // the popper::*Factory of signature.kind
  std::string problem;      // a signature call that made no sense
};

Type typeOf(popper::ColumnType t) { return static_cast<Type>(t); }

ast::ActionKind actionOf(popper::BackEdgeAction a) {
  switch (a) {
    case popper::BackEdgeAction::Append: return ast::ActionKind::Append;
    case popper::BackEdgeAction::Delete: return ast::ActionKind::Delete;
    case popper::BackEdgeAction::Edit: break;
  }
  return ast::ActionKind::EditSet;
}

class SignatureBuilder : public popper::Signature {
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
      if (a.name == name && op_.problem.empty()) op_.problem = "argument '" + std::string(name) + "' is declared twice";
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

// "" or what is wrong with the staged operator.
std::string checkStaged(const StagedOperator& op, const OperatorRegistry& registry,
                        const std::set<std::pair<std::string, OperatorKind>>& earlier) {
  const OperatorSignature& s = op.signature;
  std::string what = std::string(operatorKindName(s.kind)) + " '" + s.name + "'";
  if (!isIdentifier(s.name)) return "operator name '" + s.name + "' is not an identifier";
  if (!op.problem.empty()) return what + ": " + op.problem;
  if (registry.find(s.name, s.kind) || earlier.count({s.name, s.kind}))
    return "it registers " + what + ", but an operator of that name and kind already exists";
  if (!s.backEdges.empty() && s.kind != OperatorKind::Processor)
    return what + " declares a back edge, but only processors may emit them";
  for (const DeclaredBackEdge& d : s.backEdges) {
    const OperatorArgSpec* a = s.arg(d.targetArg);
    if (!a || !a->acceptsLiteral || a->type != Type::String)
      return what + " declares a back edge through '" + d.targetArg + "', which is not a string argument of it";
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
  if (!made) return Status::invalidArgument("operator '" + call.op + "' cannot start: its factory returned null");
  return std::unique_ptr<Base>(made);
}

// Adds a checked operator to the registries.
void commit(const StagedOperator& op) {
  OperatorSignature signature = op.signature;
  // An operator that emits back edges must see every row its input has, so
  // the optimizer must not move filters across it.
  if (!signature.backEdges.empty()) signature.rowWise = false;
  const OperatorSignature* sig = defaultOperatorRegistry().add(std::move(signature));
  ops::OperatorLibrary& library = ops::defaultOperatorLibrary();
  const std::string& name = sig->name;
  switch (sig->kind) {
    case OperatorKind::Processor: {
      auto f = reinterpret_cast<popper::ProcessorFactory>(op.factory);
      library.addProcessor(name, [f](const ops::OperatorSetup& s) -> Result<std::unique_ptr<ops::Processor>> {
        auto made = construct<popper::Processor>(f, *s.call);
        if (!made) return made.status();
        return adaptProcessor(std::move(made.value()), s.call->signature);
      });
      break;
    }
    case OperatorKind::Reducer: {
      auto f = reinterpret_cast<popper::ReducerFactory>(op.factory);
      library.addReducer(name, [f](const ops::OperatorSetup& s) -> Result<std::unique_ptr<ops::Reducer>> {
        auto made = construct<popper::Reducer>(f, *s.call);
        if (!made) return made.status();
        return adaptReducer(std::move(made.value()), s.call->op);
      });
      break;
    }
    case OperatorKind::Combiner: {
      auto f = reinterpret_cast<popper::CombinerFactory>(op.factory);
      library.addCombiner(name, [f](const ops::OperatorSetup& s) -> Result<std::unique_ptr<ops::Combiner>> {
        auto made = construct<popper::Combiner>(f, *s.call);
        if (!made) return made.status();
        return adaptCombiner(std::move(made.value()), s.call->op);
      });
      break;
    }
    case OperatorKind::Extractor:
      ioTables().extractors[name] = reinterpret_cast<popper::ExtractorFactory>(op.factory);
      break;
    case OperatorKind::Outputter:
      ioTables().outputters[name] = reinterpret_cast<popper::OutputterFactory>(op.factory);
      break;
  }
}

std::string loadLocked(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return "no such file";
  std::string canonical = std::filesystem::canonical(path, ec).string();
  if (ec) canonical = path;
  if (auto done = loaded().find(canonical); done != loaded().end()) return done->second;
  std::string& outcome = loaded()[canonical];

  void* handle = dlopen(canonical.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    return outcome = std::string("cannot load it: ") + (why ? why : "unknown dlopen error");
  }
  auto version = reinterpret_cast<VersionFn>(dlsym(handle, "popper_plugin_api_version"));
  auto registerFn = reinterpret_cast<RegisterFn>(dlsym(handle, "popper_register"));
  if (!registerFn) return outcome = "it has no entry point 'popper_register' (define it with POPPER_PLUGIN)";
  if (!version) return outcome = "it has no 'popper_plugin_api_version' (define its entry point with POPPER_PLUGIN)";
  if (int v = version(); v != popper::kPluginApiVersion)
    return outcome = "it was built for plugin API version " + std::to_string(v) + ", but this popper has version " +
                     std::to_string(popper::kPluginApiVersion);
  StagingRegistry staging;
  try {
    registerFn(staging);
  } catch (const std::exception& e) {
    return outcome = std::string("popper_register failed: ") + e.what();
  }
  std::set<std::pair<std::string, OperatorKind>> seen;
  for (const StagedOperator& op : staging.staged) {
    std::string problem = checkStaged(op, defaultOperatorRegistry(), seen);
    if (!problem.empty()) return outcome = problem;
    seen.insert({op.signature.name, op.signature.kind});
  }
  for (const StagedOperator& op : staging.staged) commit(op);
  return outcome = "";
}

}  // namespace

Status loadPlugin(const std::string& path) {
  std::lock_guard lock(loadMutex());
  std::string problem = loadLocked(path);
  if (problem.empty()) return Status::ok();
  return Status::invalidArgument("cannot import plugin '" + path + "': " + problem);
}

size_t loadImports(const ast::Workflow& workflow, const SourceFile& file, DiagnosticEngine& diags) {
  std::filesystem::path folder = std::filesystem::path(file.path()).parent_path();
  size_t failed = 0;
  for (const ast::Statement& statement : workflow.statements) {
    const auto* import = std::get_if<ast::ImportStmt>(&statement.node);
    if (!import) continue;
    std::filesystem::path path(import->path);
    if (path.is_relative() && !folder.empty()) path = folder / path;
    std::lock_guard lock(loadMutex());
    std::string problem = loadLocked(path.string());
    if (problem.empty()) continue;
    if (problem == "no such file")
      problem = "no such file (looked for '" + path.string() + "'; relative paths start at the workflow's folder)";
    diags.error(import->pathRange, "cannot import plugin '" + import->path + "': " + problem);
    ++failed;
  }
  return failed;
}

Result<std::unique_ptr<BatchReader>> openPluginExtractor(const BoundOpCall& call, const ReaderOptions& options) {
  auto it = ioTables().extractors.find(call.op);
  if (it == ioTables().extractors.end()) return Status::unsupported("unknown extractor '" + call.op + "'");
  auto made = construct<popper::Extractor>(it->second, call);
  if (!made) return made.status();
  return adaptExtractor(std::move(made.value()), call.op, options);
}

Result<std::unique_ptr<BatchWriter>> openPluginOutputter(const BoundOpCall& call, const WriterOptions& options) {
  auto it = ioTables().outputters.find(call.op);
  if (it == ioTables().outputters.end()) return Status::unsupported("unknown outputter '" + call.op + "'");
  auto made = construct<popper::Outputter>(it->second, call);
  if (!made) return made.status();
  return adaptOutputter(std::move(made.value()), call.op, options);
}

}  // namespace popper::pluginhost

// Reading, configuring, parsing and analyzing a workflow file.
#include "compiler/driver/LoadWorkflow.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "common/NameSuggest.h"
#include "compiler/driver/GroundTruthCheck.h"
#include "compiler/driver/Imports.h"
#include "compiler/driver/StandardCatalog.h"
#include "compiler/parse/Parser.h"
#include "compiler/sema/Analyzer.h"
#include "compiler/sema/OptionCheck.h"
#include "compiler/sema/ParamResolver.h"
#include "runtime/exec/RunOptions.h"

namespace popper::driver {
namespace {

struct ConfigFile {
  std::map<std::string, std::string> params;
  std::map<std::string, Literal> options;
};

// A YAML scalar as the most specific literal it spells (int, float, bool, string).
Literal scalarLiteral(const std::string& text) {
  for (Type type : {Type::Int, Type::Float, Type::Bool})
    if (std::optional<Literal> value = sema::parseValueAs(type, text)) return *value;
  return Literal{text};
}

// Reads popper.yaml; returns an error message or "".
std::string readConfig(const std::string& path, ConfigFile& config) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    return fmt::format("cannot read config file '{}'", path);
  } catch (const YAML::Exception& e) {
    return fmt::format("{}:{}:{}: invalid YAML: {}", path, e.mark.line + 1, e.mark.column + 1, e.msg);
  }
  if (!root || root.IsNull()) return "";
  if (!root.IsMap()) return fmt::format("{}: expected a mapping with 'params' and 'options'", path);
  for (const auto& entry : root) {
    std::string key = entry.first.as<std::string>();
    const YAML::Node& section = entry.second;
    if (key != "params" && key != "options")
      return fmt::format("{}: unknown section '{}' (expected 'params' or 'options')", path, key);
    if (section.IsNull()) continue;
    if (!section.IsMap()) return fmt::format("{}: '{}' must be a mapping of names to values", path, key);
    for (const auto& item : section) {
      std::string name = item.first.as<std::string>();
      if (!item.second.IsScalar()) return fmt::format("{}: {}.{} must be a single value", path, key, name);
      std::string text = item.second.as<std::string>();
      if (key == "params") {
        config.params[name] = text;
        continue;
      }
      Literal value = scalarLiteral(text);
      if (std::optional<std::string> problem = sema::checkOptionValue(name, value))
        return fmt::format("{}: {}", path, *problem);
      config.options[name] = value;
    }
  }
  return "";
}

// A handler's RETRY meets max_rounds (SET or popper.yaml, default 8): HandleOp
// rejects a row whose lineage was corrected max_rounds times before RETRY or
// EVENTUALLY are looked at. Say so where RETRY is written instead of capping
// it silently: when retries are lost (RETRY above max_rounds), or when RETRY
// equals it and an EVENTUALLY other than REJECT would never apply.
void warnRetryPastMaxRounds(const BoundProgram& program, const std::map<std::string, Literal>& options,
                            DiagnosticEngine& diags) {
  int64_t maxRounds = exec::RunOptions{}.maxRounds;
  if (auto it = options.find("max_rounds"); it != options.end() && it->second.type() == Type::Int)
    maxRounds = it->second.asInt();
  for (const BoundRelation& rel : program.relations) {
    const auto* handle = std::get_if<BoundHandle>(&rel.node);
    if (!handle) continue;
    if (handle->retry > maxRounds)
      diags.warning(
          handle->retryRange,
          fmt::format("RETRY {} is more than max_rounds ({}): a row whose lineage was corrected {} times "
                      "is rejected; SET max_rounds = {} to allow every retry",
                      handle->retry, maxRounds, maxRounds, handle->retry + 1));
    else if (handle->retry == maxRounds && handle->eventually != ast::Eventually::Reject)
      diags.warning(
          handle->retryRange,
          fmt::format("RETRY {} reaches max_rounds ({}): a row still detected after {} corrections is "
                      "rejected, so its EVENTUALLY never applies; SET max_rounds = {}",
                      handle->retry, maxRounds, maxRounds, handle->retry + 1));
  }
}

}  // namespace

std::optional<std::pair<std::string, std::string>> splitParamAssignment(const std::string& text) {
  size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return std::nullopt;
  return std::make_pair(text.substr(0, eq), text.substr(eq + 1));
}

LoadedWorkflow loadWorkflow(const std::string& path, const std::map<std::string, std::string>& params,
                            const std::string& configPath) {
  LoadedWorkflow loaded;
  std::ifstream in(path, std::ios::binary);
  if (!in || std::filesystem::is_directory(path)) {
    loaded.usageError =
        fmt::format("cannot open workflow file '{}': {}", path,
                    std::filesystem::is_directory(path) ? "is a directory" : std::strerror(errno));
    return loaded;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return loadWorkflowText(path, text.str(), params, configPath);
}

LoadedWorkflow loadWorkflowText(const std::string& path, std::string text,
                                const std::map<std::string, std::string>& params,
                                const std::string& configPath) {
  LoadedWorkflow loaded;
  ConfigFile config;
  std::string configFile = configPath;
  if (configFile.empty() && std::filesystem::exists("popper.yaml")) configFile = "popper.yaml";
  if (!configFile.empty()) {
    loaded.usageError = readConfig(configFile, config);
    if (!loaded.usageError.empty()) return loaded;
  }

  loaded.source = std::make_unique<SourceFile>(path, std::move(text));
  loaded.diags = std::make_unique<DiagnosticEngine>(*loaded.source);
  loaded.ast = parseWorkflow(*loaded.source, *loaded.diags);

  // -p naming no PARAM is a mistake on the command line; a popper.yaml shared
  // by several workflows may set parameters this one does not declare.
  std::vector<std::string> declared;
  for (const ast::Statement& statement : loaded.ast.statements)
    if (const auto* param = std::get_if<ast::ParamStmt>(&statement.node))
      declared.push_back(param->name.name);
  for (const ast::Ident& broken : loaded.ast.brokenParams) declared.push_back(broken.name);
  auto isDeclared = [&](const std::string& name) {
    return std::find(declared.begin(), declared.end(), name) != declared.end();
  };
  AnalyzeOptions options;
  for (const auto& [name, value] : config.params)
    if (isDeclared(name)) {
      options.paramOverrides[name] = value;
      options.paramOrigins[name] = "in " + configFile;
    }
  for (const auto& [name, value] : params) {
    if (!isDeclared(name)) {
      loaded.usageError = fmt::format("-p {}={}: the workflow declares no PARAM '{}'{}", name, value, name,
                                      didYouMean(name, declared));
      return loaded;
    }
    options.paramOverrides[name] = value;
    options.paramOrigins[name] = "with -p";
  }
  // IMPORTed plugins add their operators before any call is bound.
  loaded.catalog = makeStandardCatalog();
  options.importFailed = loadImports(loaded.ast, *loaded.source, *loaded.diags, *loaded.catalog) > 0;
  options.registry = &loaded.catalog->signatures();
  loaded.program = analyze(loaded.ast, *loaded.source, options, *loaded.diags);
  // EVALUATE AGAINST headers are checked where the files already exist (popper run requires them).
  if (loaded.program) {
    checkGroundTruthFiles(*loaded.program, workflowFolder(path), /*requireFiles=*/false, *loaded.diags);
    if (loaded.diags->hasErrors()) loaded.program.reset();
  }

  loaded.options = config.options;
  if (loaded.program)
    for (const auto& [name, value] : loaded.program->options) loaded.options[name] = value;
  if (loaded.program) warnRetryPastMaxRounds(*loaded.program, loaded.options, *loaded.diags);
  return loaded;
}

}  // namespace popper::driver

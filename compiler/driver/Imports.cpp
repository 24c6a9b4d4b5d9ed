// Loading a workflow's IMPORTs into its catalog (see Imports.h).
#include "compiler/driver/Imports.h"

#include <filesystem>
#include <string>
#include <variant>

#include "runtime/plugin/PluginLoader.h"

namespace popper::driver {

size_t loadImports(const ast::Workflow& workflow, const SourceFile& file, DiagnosticEngine& diags,
                   catalog::OperatorCatalog& catalog) {
  std::filesystem::path folder = std::filesystem::path(file.path()).parent_path();
  size_t failed = 0;
  for (const ast::Statement& statement : workflow.statements) {
    const auto* import = std::get_if<ast::ImportStmt>(&statement.node);
    if (!import) continue;
    std::filesystem::path path(import->path);
    if (path.is_relative() && !folder.empty()) path = folder / path;
    std::string problem = pluginhost::importPlugin(path.string(), catalog);
    if (problem.empty()) continue;
    if (problem == "no such file")
      problem =
          "no such file (looked for '" + path.string() + "'; relative paths start at the workflow's folder)";
    diags.error(import->pathRange, "cannot import plugin '" + import->path + "': " + problem);
    ++failed;
  }
  return failed;
}

}  // namespace popper::driver

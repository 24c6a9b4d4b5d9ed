// `popper studio [--root DIR] [--host 127.0.0.1] [--port 8080] [--store DIR] [--web DIR]`:
// serve the studio (studio/StudioServer.h) until SIGINT or SIGTERM. Exit 0
// after a signal, 2 on a usage error (no root, the port taken).
#include <fmt/format.h>
#include <pthread.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "cli/Commands.h"
#include "studio/StudioServer.h"

namespace popper::cli {
namespace {

struct StudioArgs {
  std::string root = ".";
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string store;
  std::string web = POPPER_STUDIO_WEB_DIR;
};

int runStudio(const StudioArgs& args) {
  std::error_code ec;
  if (!std::filesystem::is_directory(args.root, ec)) {
    spdlog::error("--root '{}' is not a folder", args.root);
    return kExitUsageError;
  }
  studio::StudioOptions options;
  options.root = args.root;
  options.host = args.host;
  options.port = args.port;
  const char* envStore = std::getenv("POPPER_STORE");
  options.store = !args.store.empty() ? args.store : envStore ? envStore : ".popper";
  options.webDir = args.web;
  // The server's threads start with SIGINT and SIGTERM blocked; one thread
  // waits for them and stops the server (runs are children: the server's
  // StudioRun resets the mask before exec).
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  studio::StudioServer server(options);
  int port = server.bind();
  if (port < 0) {
    spdlog::error("cannot listen on {}:{}", args.host, args.port);
    return kExitUsageError;
  }
  std::thread waiter([&server, signals] {
    int signal = 0;
    sigwait(&signals, &signal);
    server.stop();
  });
  std::fputs(fmt::format("popper studio: serving {} at http://{}:{}/\n",
                         std::filesystem::canonical(args.root).string(), args.host, port)
                 .c_str(),
             stderr);
  bool ok = server.listen();
  // Stopped on its own (not by a signal): wake the waiter with one. SIGTERM
  // is blocked in every thread, so it stays pending until sigwait takes it.
  kill(getpid(), SIGTERM);
  waiter.join();
  return ok ? kExitOk : kExitRunFailure;
}

}  // namespace

void addStudioCommand(CLI::App& app, int* exitCode) {
  auto* cmd = app.add_subcommand("studio", "serve the web studio over the workflows under a folder");
  static StudioArgs args;
  cmd->add_option("--root", args.root, "the folder whose .scope files it shows and runs (default: .)");
  cmd->add_option("--host", args.host, "the address to listen on (default: 127.0.0.1, this machine only)");
  cmd->add_option("--port", args.port, "the port (default: 8080; 0: any free one)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--store", args.store, "the run store folder (default: $POPPER_STORE or .popper)");
  cmd->add_option("--web", args.web, "the built front end (default: studio/web/dist of the source tree)");
  cmd->callback([exitCode] { *exitCode = runStudio(args); });
}

}  // namespace popper::cli

// `popper studio`'s HTTP server: the JSON API over the compiler driver and
// the runner, and the built front end (docs/cli.md, "popper studio").
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

namespace httplib {
class Server;
}

namespace popper::studio {

class RootPaths;
class RunManager;

struct StudioOptions {
  std::filesystem::path root = ".";  // the workflows it shows and runs; nothing outside it is served
  std::string host = "127.0.0.1";    // loopback unless told otherwise
  int port = 8080;                   // 0: any free port (see StudioServer::bind)
  std::filesystem::path store =
      ".popper";                 // the run store runs are recorded in; their files in STORE/studio/runs/
  std::filesystem::path webDir;  // the built front end; "" or missing: a page saying how to build it
  std::string popper = "/proc/self/exe";  // the executable that runs workflows
  size_t maxBody = size_t{1} << 20;       // larger requests: 413
};

class StudioServer {
 public:
  explicit StudioServer(StudioOptions options);
  ~StudioServer();
  StudioServer(const StudioServer&) = delete;
  StudioServer& operator=(const StudioServer&) = delete;

  // Binds the listening socket; returns the port, or -1 when it cannot.
  int bind();
  // Serves until stop() (from another thread or a signal handler's thread).
  bool listen();
  void stop();

 private:
  void addFileRoutes();
  void addWorkflowRoutes();
  void addRunRoutes();
  void addStaticRoutes();

  StudioOptions options_;
  std::unique_ptr<httplib::Server> http_;
  std::unique_ptr<RootPaths> paths_;
  std::unique_ptr<RunManager> runs_;
};

}  // namespace popper::studio

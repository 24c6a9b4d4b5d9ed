// What the studio refuses: paths out of the root (../, absolute, through a
// symlink), oversized bodies, foreign Host headers, non-JSON POSTs, running
// anything but a .scope file under the root; and it binds to loopback.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include <nlohmann/json.hpp>

#include "tests/unit/studio/StudioFixture.h"

using nlohmann::json;
using popper::studio::test::StudioFixture;

namespace {

// A non-loopback IPv4 address of this machine, or "".
std::string otherAddress() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return "";
  std::string found;
  for (ifaddrs* a = list; a && found.empty(); a = a->ifa_next) {
    if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET) continue;
    char text[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr, text, sizeof text);
    if (std::string(text).rfind("127.", 0) != 0) found = text;
  }
  freeifaddrs(list);
  return found;
}

int post(const StudioFixture& studio, const std::string& url, const json& body) {
  auto res = studio.client().Post(url, body.dump(), "application/json");
  return res ? res->status : -1;
}

}  // namespace

TEST_CASE("paths that leave the root are 403: ../, absolute, a symlinked folder or file") {
  StudioFixture studio;
  for (const char* path : {"../outside/secret.scope", "sub/../../outside/secret.scope", "/etc/passwd",
                           "link/secret.scope", "escape.scope"}) {
    CAPTURE(path);
    auto res = studio.client().Get(std::string("/api/file?path=") + path);
    REQUIRE(res);
    CHECK(res->status == 403);
    CHECK(res->body.find("TOP SECRET") == std::string::npos);
    CHECK(post(studio, "/api/check", {{"path", path}, {"text", ""}}) == 403);
    CHECK(post(studio, "/api/plan", {{"path", path}, {"text", ""}}) == 403);
    CHECK(post(studio, "/api/runs", {{"path", path}}) == 403);
  }
  // A query string is decoded before the path is resolved.
  CHECK(studio.client().Get("/api/file?path=%2e%2e/outside/secret.scope")->status == 403);
}

TEST_CASE("only .scope files under the root run") {
  StudioFixture studio;
  CHECK(post(studio, "/api/runs", {{"path", "in.txt"}}) == 403);
  CHECK(post(studio, "/api/runs", {{"path", "sub"}}) == 403);
  CHECK(post(studio, "/api/runs", {{"path", "missing.scope"}}) == 403);
}

TEST_CASE("a body over the limit (1 MiB) is 413") {
  StudioFixture studio;
  std::string big = json{{"path", "small.scope"}, {"text", std::string(size_t{2} << 20, 'x')}}.dump();
  auto res = studio.client().Post("/api/check", big, "application/json");
  REQUIRE(res);
  CHECK(res->status == 413);
}

TEST_CASE("POST bodies must be JSON (no cross-site form posts); a bad JSON body is 400") {
  StudioFixture studio;
  auto form = studio.client().Post("/api/runs", "path=small.scope", "application/x-www-form-urlencoded");
  REQUIRE(form);
  CHECK(form->status == 415);
  auto broken = studio.client().Post("/api/check", "{", "application/json");
  REQUIRE(broken);
  CHECK(broken->status == 400);
}

TEST_CASE("a Host header other than the loopback's is refused (DNS rebinding)") {
  StudioFixture studio;
  auto res = studio.client().Get("/api/files", {{"Host", "evil.example:80"}});
  REQUIRE(res);
  CHECK(res->status == 403);
  CHECK(studio.client().Get("/api/files", {{"Host", "localhost"}})->status == 200);
}

TEST_CASE("binds to 127.0.0.1 by default: not reachable on another address of the machine") {
  CHECK(popper::studio::StudioOptions{}.host == "127.0.0.1");
  StudioFixture studio;
  CHECK(studio.client().Get("/api/files")->status == 200);
  std::string other = otherAddress();
  if (other.empty()) {
    MESSAGE("no non-loopback IPv4 address here: only the default was checked");
    return;
  }
  CAPTURE(other);
  httplib::Client outside(other, studio.port());
  outside.set_connection_timeout(2, 0);
  CHECK_FALSE(outside.Get("/api/files"));
}

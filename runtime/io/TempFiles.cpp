// Temporary files: names, the signal-safe registry, the sweep of stale ones
// (see TempFiles.h).
#include "runtime/io/TempFiles.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <mutex>

namespace popper::tempfiles {
namespace {

constexpr char kMarker[] = ".popper-tmp-";

// The registry: chunks of slots, linked and never freed, so a signal handler
// can walk them at any moment without a lock. A slot is free (0), being
// filled (1) or holds a path to remove (2).
struct Slot {
  std::atomic<int> state{0};
  char path[PATH_MAX] = {};
};
struct Chunk {
  static constexpr int kSlots = 64;
  Slot slots[kSlots];
  std::atomic<Chunk*> next{nullptr};
};

Chunk firstChunk;
std::mutex registryMutex;  // registration only; the handler takes no lock

Slot* slotAt(int index) {
  Chunk* c = &firstChunk;
  for (int i = index / Chunk::kSlots; i > 0; --i) c = c->next.load(std::memory_order_acquire);
  return &c->slots[index % Chunk::kSlots];
}

int acquireSlot(const std::string& path) {
  if (path.size() >= PATH_MAX) return -1;  // cannot be opened either
  std::lock_guard lock(registryMutex);
  int index = 0;
  for (Chunk* c = &firstChunk;; c = c->next.load(std::memory_order_acquire)) {
    for (Slot& s : c->slots) {
      if (s.state.load(std::memory_order_relaxed) == 0) {
        s.state.store(1, std::memory_order_relaxed);
        std::memcpy(s.path, path.c_str(), path.size() + 1);
        s.state.store(2, std::memory_order_release);
        return index;
      }
      ++index;
    }
    if (!c->next.load(std::memory_order_acquire)) c->next.store(new Chunk(), std::memory_order_release);
  }
}

void unlinkRegistered() {
  for (Chunk* c = &firstChunk; c; c = c->next.load(std::memory_order_acquire))
    for (Slot& s : c->slots)
      if (s.state.load(std::memory_order_acquire) == 2) ::unlink(s.path);
}

// DeferSignals: how many are alive, and the signal held back meanwhile.
std::atomic<int> deferring{0};
std::atomic<int> deferredSignal{0};
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs lock-free atomics");

// Removes the registered files and dies of `sig` as if no handler had been
// installed. In a handler the signal stays blocked until it returns, and is
// then delivered with its default action; elsewhere at once.
void dieOf(int sig) {
  unlinkRegistered();
  struct sigaction dfl = {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  ::sigaction(sig, &dfl, nullptr);
  ::raise(sig);
}

extern "C" void onTerminatingSignal(int sig) {
  int savedErrno = errno;
  if (deferring.load() > 0) {
    deferredSignal.store(sig);
  } else {
    dieOf(sig);
  }
  errno = savedErrno;
}

// Parses the digits of `s` from `pos` up to `end`; -1 if empty or not digits.
long parseNumber(const std::string& s, size_t pos, size_t end) {
  if (pos >= end || end - pos > 18) return -1;
  long v = 0;
  for (size_t i = pos; i < end; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

}  // namespace

std::string tempPathFor(const std::string& target) {
  static std::atomic<uint64_t> counter{0};
  std::filesystem::path p(target);
  std::string name = "." + p.filename().string() + kMarker + std::to_string(::getpid()) + "-" +
                     std::to_string(counter.fetch_add(1));
  return (p.parent_path() / name).string();
}

long pidOfTempName(const std::string& name) {
  if (name.empty() || name[0] != '.') return 0;
  size_t marker = name.rfind(kMarker);
  if (marker == std::string::npos || marker == 0) return 0;
  size_t pidBegin = marker + sizeof(kMarker) - 1;
  size_t dash = name.find('-', pidBegin);
  if (dash == std::string::npos) return 0;
  long pid = parseNumber(name, pidBegin, dash);
  if (pid <= 0 || parseNumber(name, dash + 1, name.size()) < 0) return 0;
  return pid;
}

Registration::Registration(const std::string& path) : slot_(acquireSlot(path)) {}

Registration& Registration::operator=(Registration&& other) noexcept {
  if (this != &other) {
    release();
    slot_ = other.slot_;
    other.slot_ = -1;
  }
  return *this;
}

void Registration::release() {
  if (slot_ < 0) return;
  std::lock_guard lock(registryMutex);
  slotAt(slot_)->state.store(0, std::memory_order_release);
  slot_ = -1;
}

void removeTempsOnSignals() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) {
      struct sigaction old = {};
      if (::sigaction(sig, nullptr, &old) != 0 || old.sa_handler == SIG_IGN) continue;
      struct sigaction act = {};
      act.sa_handler = onTerminatingSignal;
      sigemptyset(&act.sa_mask);
      ::sigaction(sig, &act, nullptr);
    }
  });
}

DeferSignals::DeferSignals() { deferring.fetch_add(1); }

DeferSignals::~DeferSignals() {
  if (deferring.fetch_sub(1) == 1) {
    if (int sig = deferredSignal.exchange(0)) dieOf(sig);
  }
}

size_t removeStaleTemps(const std::string& folder) {
  DIR* dir = ::opendir(folder.empty() ? "." : folder.c_str());
  if (!dir) return 0;
  size_t removed = 0;
  long self = ::getpid();
  while (const struct dirent* entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    long pid = pidOfTempName(name);
    if (pid <= 0 || pid == self) continue;
    // Alive, or someone else's (EPERM): not ours to remove.
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
    std::string path = (std::filesystem::path(folder.empty() ? "." : folder) / name).string();
    struct stat st;
    if (::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::unlink(path.c_str()) == 0) ++removed;
  }
  ::closedir(dir);
  return removed;
}

}  // namespace popper::tempfiles

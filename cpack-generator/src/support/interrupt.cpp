#include "parcel/support/interrupt.hpp"

#include <sys/file.h>
#include <unistd.h>
#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <exception>

namespace parcel {
namespace {

// What a handler may touch: lock-free atomics and fixed buffers, nothing that
// allocates or locks.
std::atomic<int> g_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);

// How many InterruptShields are alive.
std::atomic<int> g_shields{0};

constexpr int kSlots = 128;
enum SlotState : int { kFree = 0, kBusy = 1, kArmed = 2 };

struct Slot {
  std::atomic<int> state{kFree};
  char path[PATH_MAX];
};
Slot g_slots[kSlots];

constexpr int kHandled[] = {SIGINT, SIGTERM, SIGHUP};

void writeMessage(const char* text) {
  // Best effort: nothing can be done in a handler when stderr is gone.
  const ssize_t ignored = ::write(STDERR_FILENO, text, std::strlen(text));
  (void)ignored;
}

// Dies by `signal` with its default action, so that the shell that started us
// sees a process the signal killed and stops a script or loop, as it would for
// any program. Async-signal-safe.
void endBySignal(int signal) noexcept {
  struct sigaction fallback {};
  fallback.sa_handler = SIG_DFL;
  sigemptyset(&fallback.sa_mask);
  ::sigaction(signal, &fallback, nullptr);
  sigset_t unblock;
  sigemptyset(&unblock);
  sigaddset(&unblock, signal);
  ::sigprocmask(SIG_UNBLOCK, &unblock, nullptr);
  ::raise(signal);
}

// Whether the first signal came from kill(2) (SI_USER, SI_QUEUE) rather than
// from the terminal, which signals the whole foreground process group.
std::atomic<bool> g_sentByProcess{false};

extern "C" void onInterrupt(int signal, siginfo_t* info, void* /*context*/) {
  int none = 0;
  if (g_signal.compare_exchange_strong(none, signal)) {  // the first: the work unwinds by itself
    g_sentByProcess.store(info != nullptr && info->si_code <= 0);
    return;
  }
  removeRegisteredTemporaryFiles();
  writeMessage("parceltool: interrupted again: temporary files removed, exiting now\n");
  const int first = g_signal.load();
  endBySignal(first);
  ::_exit(interruptExitCode(first));
}

std::string signalName(int signal) {
  switch (signal) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
    default:
      return "signal " + std::to_string(signal);
  }
}

// A std::terminate (an exception that could not propagate) would otherwise leave
// every temporary file behind.
std::terminate_handler g_previousTerminate = nullptr;

void onTerminate() {
  removeRegisteredTemporaryFiles();
  if (g_previousTerminate != nullptr) g_previousTerminate();
  std::abort();
}

}  // namespace

void removeRegisteredTemporaryFiles() noexcept {
  const int saved = errno;
  for (Slot& slot : g_slots) {
    if (slot.state.load() == kArmed) ::unlink(slot.path);
  }
  errno = saved;
}

Interrupted::Interrupted(int signal) : signal_(signal), message_("interrupted by " + signalName(signal)) {}

int interruptExitCode(int signal) { return 128 + signal; }

void installInterruptHandlers() {
  g_previousTerminate = std::set_terminate(onTerminate);
  struct sigaction action {};
  action.sa_sigaction = onInterrupt;
  action.sa_flags = SA_RESTART | SA_SIGINFO;
  sigemptyset(&action.sa_mask);
  for (const int signal : kHandled) sigaddset(&action.sa_mask, signal);
  for (const int signal : kHandled) {
    struct sigaction previous {};
    // A signal ignored by whoever started us (nohup, a background job) stays ignored.
    if (::sigaction(signal, nullptr, &previous) == 0 && previous.sa_handler == SIG_IGN) continue;
    ::sigaction(signal, &action, nullptr);
  }
}

int interruptSignal() noexcept { return g_signal.load(std::memory_order_relaxed); }

bool interruptSentByProcess() noexcept { return g_sentByProcess.load(); }

void endByInterruptSignal() noexcept {
  if (const int signal = interruptSignal(); signal != 0) endBySignal(signal);
}

void throwIfInterrupted() {
  const int signal = interruptSignal();
  if (signal != 0 && g_shields.load() == 0) throw Interrupted(signal);
}

bool waitForExclusiveLock(int fd) {
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) return false;
    throwIfInterrupted();
    ::usleep(50 * 1000);
  }
  return true;
}

InterruptShield::InterruptShield() { g_shields.fetch_add(1); }
InterruptShield::~InterruptShield() { g_shields.fetch_sub(1); }

void setInterruptForTesting(int signal) noexcept { g_signal.store(signal); }

TemporaryPathGuard::TemporaryPathGuard(const std::filesystem::path& path) {
  std::error_code error;
  const std::string absolute = std::filesystem::absolute(path, error).string();
  if (error || absolute.size() >= PATH_MAX) return;
  for (int i = 0; i < kSlots; ++i) {
    int expected = kFree;
    if (!g_slots[i].state.compare_exchange_strong(expected, kBusy)) continue;
    std::memcpy(g_slots[i].path, absolute.c_str(), absolute.size() + 1);
    g_slots[i].state.store(kArmed);
    slot_ = i;
    return;
  }
}

TemporaryPathGuard& TemporaryPathGuard::operator=(TemporaryPathGuard&& other) noexcept {
  if (this != &other) {
    release();
    slot_ = other.slot_;
    other.slot_ = -1;
  }
  return *this;
}

void TemporaryPathGuard::release() noexcept {
  if (slot_ < 0) return;
  g_slots[slot_].state.store(kFree);
  slot_ = -1;
}

}  // namespace parcel

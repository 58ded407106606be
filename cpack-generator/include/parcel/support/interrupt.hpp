// Interruption by SIGINT, SIGTERM or SIGHUP. The first signal only sets a flag:
// long loops poll it (throwIfInterrupted), the stack unwinds, and the
// destructors that own temporary files and scratch folders remove them. A
// second signal means the work did not reach a check in time: the handler then
// unlinks every registered temporary file (unlink(2) is async-signal-safe) and
// _exits. A scratch folder cannot be removed safely from a handler; the host's
// repair removes it at its next command.
#pragma once

#include <exception>
#include <filesystem>
#include <string>

namespace parcel {

// Thrown at a check point after a signal arrived. Not a parcel::Error, so code
// that handles I/O failures never mistakes it for one.
class Interrupted : public std::exception {
public:
  explicit Interrupted(int signal);
  int signal() const { return signal_; }
  const char* what() const noexcept override { return message_.c_str(); }

private:
  int signal_;
  std::string message_;
};

// The exit code of a process interrupted by `signal`: 128 + its number
// (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP), as shells report it. The
// CLI returns it from run(), and main() then ends by the signal itself.
int interruptExitCode(int signal);

// Installs the handlers (with SA_RESTART: system calls resume, the flag is seen
// at the next check), and a std::terminate handler that removes the registered
// temporary files before aborting. Call once, early in main().
void installInterruptHandlers();

// Unlinks every registered temporary file. Async-signal-safe: for handlers and
// for paths where the process ends without unwinding.
void removeRegisteredTemporaryFiles() noexcept;

// The signal that arrived, or 0.
int interruptSignal() noexcept;

// Whether the signal was sent by a process (kill) rather than by the terminal,
// which also signals every process of the foreground group, children included.
bool interruptSentByProcess() noexcept;

// After the clean-up of an interrupt: dies by the signal that arrived (default
// action), so that a calling shell stops its script; returns when none arrived.
void endByInterruptSignal() noexcept;

// Throws Interrupted when a signal arrived, outside an InterruptShield.
void throwIfInterrupted();

// Takes an exclusive flock(2) on `fd`, waiting for another process to release
// it. The wait polls, so an interrupt ends it (throws Interrupted) rather than
// being swallowed by a restarted flock. Returns false, with errno set, when the
// file system cannot lock.
bool waitForExclusiveLock(int fd);

// Defers interrupts while it lives: for the short steps that make a finished
// result visible (a run of renames, then state.json), which must not stop
// halfway. The interrupt takes effect at the first check after it.
class InterruptShield {
public:
  InterruptShield();
  ~InterruptShield();
  InterruptShield(const InterruptShield&) = delete;
  InterruptShield& operator=(const InterruptShield&) = delete;
};

// Sets or clears the flag without a signal (tests).
void setInterruptForTesting(int signal) noexcept;

// Registers a temporary file that the second-signal fallback unlinks. The
// registry has a fixed size (the handler may not allocate): past 128 paths,
// or for a path longer than PATH_MAX, registration does nothing, and only the
// first-signal clean-up (the owner's destructor) applies.
class TemporaryPathGuard {
public:
  TemporaryPathGuard() = default;
  explicit TemporaryPathGuard(const std::filesystem::path& path);
  ~TemporaryPathGuard() { release(); }
  TemporaryPathGuard(const TemporaryPathGuard&) = delete;
  TemporaryPathGuard& operator=(const TemporaryPathGuard&) = delete;
  TemporaryPathGuard(TemporaryPathGuard&& other) noexcept : slot_(other.slot_) { other.slot_ = -1; }
  TemporaryPathGuard& operator=(TemporaryPathGuard&& other) noexcept;

  // The path is no longer temporary (renamed into place, or removed).
  void release() noexcept;

private:
  int slot_ = -1;
};

}  // namespace parcel

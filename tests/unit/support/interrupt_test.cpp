#include "parcel/support/interrupt.hpp"
#include "parcel/support/output_file.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <string>

namespace fs = std::filesystem;
using parcel::test::TempDir;

namespace {

// Clears the flag on every exit path: the tests share one process.
struct InterruptScope {
  explicit InterruptScope(int signal) { parcel::setInterruptForTesting(signal); }
  ~InterruptScope() { parcel::setInterruptForTesting(0); }
};

bool hasTemporaryFile(const fs::path& dir) {
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().filename().string().find(".tmp-") != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("interrupt: the exit code is 128 + the signal") {
  CHECK(parcel::interruptExitCode(SIGINT) == 130);
  CHECK(parcel::interruptExitCode(SIGTERM) == 143);
  CHECK(parcel::interruptExitCode(SIGHUP) == 129);
}

TEST_CASE("interrupt: a check throws Interrupted once a signal arrived, except inside a shield") {
  CHECK_NOTHROW(parcel::throwIfInterrupted());
  const InterruptScope interrupted(SIGTERM);
  CHECK_THROWS_WITH_AS(parcel::throwIfInterrupted(), "interrupted by SIGTERM", parcel::Interrupted);
  {
    const parcel::InterruptShield shield;
    CHECK_NOTHROW(parcel::throwIfInterrupted());
  }
  CHECK_THROWS_AS(parcel::throwIfInterrupted(), parcel::Interrupted);
}

TEST_CASE("interrupt: an output being written stops at its next write and leaves no temporary file") {
  TempDir tmp;
  const fs::path target = tmp.path() / "out.parcel";
  {
    parcel::AtomicOutputFile file(target);
    file.write("abc", 3);
    const InterruptScope interrupted(SIGINT);
    CHECK_THROWS_AS(file.write("def", 3), parcel::Interrupted);
  }
  CHECK_FALSE(fs::exists(target));
  CHECK_FALSE(hasTemporaryFile(tmp.path()));
}

// The fallback runs in a real signal handler, so it is tested in a child process.
TEST_CASE("interrupt: a second signal unlinks the registered temporary files and exits at once") {
  TempDir tmp;
  const fs::path registered = tmp.path() / ".out.tmp-1-0";
  const fs::path released = tmp.path() / ".kept.tmp-1-1";
  const fs::path unrelated = tmp.path() / "unrelated";
  for (const fs::path& path : {registered, released, unrelated}) parcel::test::writeFile(path, "x");

  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    parcel::installInterruptHandlers();
    parcel::TemporaryPathGuard guard(registered);
    parcel::TemporaryPathGuard gone(released);
    gone.release();
    ::raise(SIGINT);  // the first only sets the flag
    if (parcel::interruptSignal() != SIGINT) ::_exit(1);
    ::raise(SIGTERM);  // the second cleans up and ends the process by the first signal
    ::_exit(2);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  // It dies by the first signal, as a shell expects of an interrupted program.
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGINT);
  CHECK_FALSE(fs::exists(registered));
  CHECK(fs::exists(released));
  CHECK(fs::exists(unrelated));
}

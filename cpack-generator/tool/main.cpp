// parceltool: a thin main; everything happens in run() (cli.cpp).
#include "cli.hpp"

#include "parcel/support/interrupt.hpp"

#include <unistd.h>
#include <csignal>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  // Past a file-size limit (ulimit -f) write(2) then fails with EFBIG, which
  // becomes an ordinary I/O error that removes the temporary file, instead of
  // the signal killing the process and leaving it behind.
  std::signal(SIGXFSZ, SIG_IGN);
  // Ctrl-C, kill and a closed terminal unwind the work so that no temporary
  // file stays behind (exit code 128 + the signal's number).
  parcel::installInterruptHandlers();
  const std::vector<std::string> args(argv + 1, argv + argc);
  parcel::tool::Io io{std::cout, std::cerr, ::isatty(STDERR_FILENO) == 1};
  const int code = parcel::tool::run(args, io);
  std::cout.flush();
  std::cerr.flush();
  // Interrupted and cleaned up: end by the signal itself, as a shell expects
  // (it reports 128 + the number, 130 for SIGINT), so a script loop stops.
  if (const int signal = parcel::interruptSignal(); signal != 0 && code == parcel::interruptExitCode(signal)) {
    parcel::endByInterruptSignal();
  }
  return code;
}

// parceltool's entry point, callable in-process: main() only forwards here, so
// tests can drive the whole command line with string streams.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace parcel::tool {

struct Io {
  std::ostream& out;
  std::ostream& err;
  bool errIsTerminal = false;  // progress lines only on a terminal
};

// args excludes the program name. Returns the exit code (exit_code.hpp).
int run(const std::vector<std::string>& args, Io& io);

struct CommandSpec;
class ParsedOptions;

// Runs a command, showing the progress of its long work on io.err
// (support/progress.hpp) when its table has --progress (reportingProgress):
// with --progress always, the last line kept; by default only when stderr is a
// terminal, the line cleared when done; never with --quiet.
int runShowingProgress(const CommandSpec& spec, int (*run)(const ParsedOptions&, Io&), const ParsedOptions& options,
                       Io& io);

}  // namespace parcel::tool

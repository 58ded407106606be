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

}  // namespace parcel::tool

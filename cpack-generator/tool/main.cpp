// parceltool: a thin main; everything happens in run() (cli.cpp).
#include "cli.hpp"

#include <iostream>
#include <string>
#include <unistd.h>
#include <vector>

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  parcel::tool::Io io{std::cout, std::cerr, ::isatty(STDERR_FILENO) == 1};
  const int code = parcel::tool::run(args, io);
  std::cout.flush();
  return code;
}

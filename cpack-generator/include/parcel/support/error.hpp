// Exceptions for environmental failures. Problems with the user's data are
// Diagnostics (diagnostic.hpp); only failures of the environment throw, and only
// the command-line layer catches them, to print one message and pick an exit code.
#pragma once

#include <stdexcept>
#include <string>

namespace parcel {

class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// A file could not be read, written or renamed. The message names the path.
class IoError : public Error {
public:
  using Error::Error;
};

// libarchive failed in a way that is not the input's fault (e.g. out of memory).
class ArchiveError : public Error {
public:
  using Error::Error;
};

// The user's input cannot be used at all (a missing input directory, a bad
// option value). Reported with exit code 1 by the command line.
class InputError : public Error {
public:
  using Error::Error;
};

// "<what> '<path>': <strerror(errno)>", for errno-setting calls.
std::string systemErrorMessage(const std::string& what, const std::string& path, int errnum);

}  // namespace parcel

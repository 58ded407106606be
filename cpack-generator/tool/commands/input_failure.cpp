#include "input_failure.hpp"

#include "parcel/support/unique_fd.hpp"

#include <fcntl.h>
#include <cerrno>
#include <cstring>

namespace parcel::tool {

std::optional<Diagnostic> inputFailure(const std::string& path) {
  // O_NONBLOCK: a FIFO given as PATH must not block the check.
  if (UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)).valid()) return std::nullopt;
  const int error = errno;
  return Diagnostic{Severity::Error, "", "", error == ENOENT ? "file-not-found" : "unreadable-file",
                    "cannot read '" + path + "': " + std::strerror(error)};
}

}  // namespace parcel::tool

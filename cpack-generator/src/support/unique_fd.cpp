#include "parcel/support/unique_fd.hpp"

#include <unistd.h>

namespace parcel {

// A failed close of a descriptor only read from, or already flushed with
// fsync by its writer (output_file.cpp), loses nothing: the error is ignored.
UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

}  // namespace parcel

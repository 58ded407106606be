#include "parcel/support/error.hpp"

#include <system_error>

namespace parcel {

std::string systemErrorMessage(const std::string& what, const std::string& path, int errnum) {
  // generic_category().message() is thread-safe, unlike strerror().
  return what + " '" + path + "': " + std::generic_category().message(errnum);
}

}  // namespace parcel

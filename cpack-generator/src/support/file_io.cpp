#include "parcel/support/file_io.hpp"

#include "parcel/support/error.hpp"
#include "parcel/support/unique_fd.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>

namespace parcel {

std::string readRegularFile(const std::filesystem::path& path, const std::string& what, std::uint64_t maxSize) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then rejects it.
  const UniqueFd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  const int fd = file.get();
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) throw InputError(what + " '" + path.string() + "' does not exist");
    throw IoError(systemErrorMessage("cannot read " + what, path.string(), errno));
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0) throw IoError(systemErrorMessage("cannot read " + what, path.string(), errno));
  if (S_ISDIR(info.st_mode))
    throw InputError(what + " '" + path.string() + "' is not a regular file: it is a directory");
  if (!S_ISREG(info.st_mode)) throw InputError(what + " '" + path.string() + "' is not a regular file");
  if (static_cast<std::uint64_t>(info.st_size) > maxSize) {
    throw InputError(what + " '" + path.string() + "' is larger than " + std::to_string(maxSize >> 20) + " MiB");
  }
  std::string content(static_cast<std::size_t>(info.st_size), '\0');
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::read(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw IoError(systemErrorMessage("cannot read " + what, path.string(), errno));
    if (n == 0) throw IoError("cannot read " + what + " '" + path.string() + "': it shrank while being read");
    done += static_cast<std::size_t>(n);
  }
  return content;
}

}  // namespace parcel

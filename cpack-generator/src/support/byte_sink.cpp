#include "parcel/support/byte_sink.hpp"

#include "parcel/support/error.hpp"
#include "parcel/support/progress.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <cerrno>
#include <vector>

namespace parcel {

void StringSink::write(const void* data, std::size_t size) { bytes_.append(static_cast<const char*>(data), size); }

void ProgressSink::write(const void* data, std::size_t size) {
  next_.write(data, size);
  task_.advance(size);
}

std::uint64_t copyFileToSink(const std::filesystem::path& path, ByteSink& sink, std::size_t blockSize) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw IoError(systemErrorMessage("cannot open", path.string(), errno));
  // Closes on every exit path; a failed close of a file only read from loses nothing.
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};

  std::vector<char> block(blockSize);
  std::uint64_t total = 0;
  for (;;) {
    const ssize_t got = ::read(fd, block.data(), block.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      throw IoError(systemErrorMessage("cannot read", path.string(), errno));
    }
    if (got == 0) return total;
    sink.write(block.data(), static_cast<std::size_t>(got));
    total += static_cast<std::uint64_t>(got);
  }
}

}  // namespace parcel

#include "parcel/support/byte_sink.hpp"

#include "parcel/support/error.hpp"
#include "parcel/support/progress.hpp"
#include "parcel/support/unique_fd.hpp"

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
  const UniqueFd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  const int fd = file.get();
  if (fd < 0) throw IoError(systemErrorMessage("cannot open", path.string(), errno));

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

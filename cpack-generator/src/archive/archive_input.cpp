#include "archive/archive_input.hpp"

#include "parcel/support/interrupt.hpp"

#include <archive.h>

#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstdint>
#include <memory>
#include <vector>

namespace parcel {
namespace {

constexpr std::size_t kBlockSize = 64 * 1024;

struct Input {
  int fd;
  bool seekable;
  std::vector<char> buffer = std::vector<char>(kBlockSize);
};

la_ssize_t readBlock(archive* a, void* data, const void** block) {
  auto* input = static_cast<Input*>(data);
  if (interruptSignal() != 0) {
    archive_set_error(a, EINTR, "interrupted");
    return -1;
  }
  for (;;) {
    const ssize_t got = ::read(input->fd, input->buffer.data(), input->buffer.size());
    if (got >= 0) {
      *block = input->buffer.data();
      return got;
    }
    if (errno != EINTR) {
      archive_set_error(a, errno, "read failed");
      return -1;
    }
  }
}

// Lets libarchive jump over the data of an uncompressed tar member.
la_int64_t skipBytes(archive* /*a*/, void* data, la_int64_t request) {
  auto* input = static_cast<Input*>(data);
  if (!input->seekable || request <= 0) return 0;
  const off_t before = ::lseek(input->fd, 0, SEEK_CUR);
  if (before < 0 || ::lseek(input->fd, static_cast<off_t>(request), SEEK_CUR) < 0) return 0;
  return request;
}

int closeInput(archive* /*a*/, void* data) {
  delete static_cast<Input*>(data);  // the descriptor belongs to the caller
  return ARCHIVE_OK;
}

}  // namespace

int openInterruptibleInput(archive* reader, int fd) {
  struct stat info {};
  auto input = std::make_unique<Input>(Input{fd, ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)});
  archive_read_set_callback_data(reader, input.get());
  archive_read_set_read_callback(reader, readBlock);
  archive_read_set_skip_callback(reader, skipBytes);
  archive_read_set_close_callback(reader, closeInput);
  input.release();  // from here on closeInput frees it, also when open fails
  return archive_read_open1(reader);
}

}  // namespace parcel

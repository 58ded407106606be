// libarchive input from a file descriptor: it stops when an interrupt arrives
// (interrupt.hpp), and a gzip file is inflated with ISA-L on a thread of its
// own while SHA-1 runs over the compressed bytes, so one pass over the file
// gives libarchive the tar stream and the caller the file's hash.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

struct archive;

namespace parcel {

class ByteSink;

// How the gzip member of an inflated file ended, once the whole file was read.
enum class GzipOutcome {
  Clean,  // one member, CRC-32 and length right, nothing but zero bytes after it
  Problem,  // damaged, truncated, a wrong check value, or data after the member
  Interrupted,
  NotRead,  // not inflated here (not gzip), or the reading stopped early
};

// One read of one file. A file that starts with a gzip header is inflated here
// (libarchive sees a plain tar stream); anything else goes to libarchive as it
// is, for its own decompressors. The descriptor is not owned and must outlive
// the source; the source must outlive the libarchive reader it was opened on.
class ArchiveSource {
public:
  // inflate: false hands even a gzip file to libarchive as it is. copy: when
  // set (and the file is inflated here), every byte hashed is written to it as
  // it is read, on the inflating thread; the descriptor's offset is then always
  // just after the last byte copied, once the source is done (finish() or
  // close()), so a caller can copy the rest itself.
  explicit ArchiveSource(int fd, bool inflate = true, ByteSink* copy = nullptr);
  ~ArchiveSource();
  ArchiveSource(const ArchiveSource&) = delete;
  ArchiveSource& operator=(const ArchiveSource&) = delete;

  // Whether libarchive gets the inflated tar stream rather than the file.
  bool inflates() const;
  // archive_read_open on `reader`. When a signal arrives, the next read fails,
  // libarchive returns ARCHIVE_FATAL, and the caller's throwIfInterrupted()
  // turns that into Interrupted.
  int open(archive* reader);
  // After libarchive is done: reads and hashes the rest of the file and says
  // how the gzip member ended. `sha1Hex` is set only for Clean.
  GzipOutcome finish(std::string& sha1Hex);
  // Stops the inflating thread where it is (when finish() was not called) and
  // rethrows what failed on it: the copy's IoError or Interrupted.
  void close();

  struct Pipeline;

private:
  std::unique_ptr<Pipeline> pipeline_;
};

// The same for callers that need neither the hash nor the outcome: libarchive
// owns the source and frees it when the reader closes.
int openInterruptibleInput(archive* reader, int fd, bool inflate = true);

}  // namespace parcel

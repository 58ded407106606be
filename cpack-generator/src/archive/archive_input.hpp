// libarchive input from a file descriptor that stops when an interrupt arrives
// (interrupt.hpp): without it, skipping one large member of a compressed
// archive would run to its end before any check is reached.
#pragma once

struct archive;

namespace parcel {

// archive_read_open on `fd` (not owned; it must outlive the reader). When a
// signal arrives, the next read fails, libarchive returns ARCHIVE_FATAL, and the
// caller's throwIfInterrupted() turns that into Interrupted.
int openInterruptibleInput(archive* reader, int fd);

}  // namespace parcel

// How libarchive's entry types map onto ours; shared by the reader and the
// host's extractor, the two places that read untrusted archives.
// Internal to parcel_core.
#pragma once

#include "parcel/build/payload.hpp"

#include <archive_entry.h>

namespace parcel {

inline EntryType entryTypeOf(archive_entry* entry) {
  if (archive_entry_hardlink(entry) != nullptr) return EntryType::Hardlink;
  switch (archive_entry_filetype(entry)) {
    case AE_IFREG:
      return EntryType::File;
    case AE_IFDIR:
      return EntryType::Directory;
    case AE_IFLNK:
      return EntryType::Symlink;
    default:
      return EntryType::Other;  // FIFO, device, socket
  }
}

}  // namespace parcel

// Unpacking an untrusted parcel for `parceltool host distribute`.
//
// The extractor does not rely on an earlier validation: it checks the whole
// listing first and writes nothing when any entry is unsafe, then creates every
// entry relative to directory descriptors it opened itself (openat with
// O_NOFOLLOW), so nothing is ever written through a symbolic link.
#pragma once

#include "parcel/archive/parcel_reader.hpp"
#include "parcel/support/diagnostic.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace parcel::host {

// The checks made before anything is written, on the listing of the archive.
// `top` is the expected "NAME-VERSION". Codes (errors, `member` = entry path):
//   unsafe-path          empty, absolute, "." / ".." / empty components, "./"
//   prefix outside-top          first component is not exactly `top`
//   top-not-directory    the `top` entry itself is not a directory
//   special-file         FIFO, device or socket
//   duplicate-entry      two entries with one name
//   write-through-link   an entry below a symlink, file or hard link
//   symlink-escapes      a relative target leaving `top`, an empty target, or
//   an
//                        absolute target other than under /etc/ or /var/
//                        (spec 3.5; such links are created as they are and
//                        never followed)
//   hardlink-escapes     a hard link to anything but a regular file listed
//   before it
void checkExtractionPlan(const std::vector<ArchiveEntry>& entries, const std::string& top, Diagnostics& out);

// Unpacks the entries under `top`/ of `file` into `destination`, which must not
// exist and is created (mode from the archive's top entry, default 0755). File
// modes come from the archive without set-id and sticky bits (permissions.json
// sets those); owners are not set. Returns false, with diagnostics, and leaves
// no `destination` behind when the listing is unsafe or the archive changes
// between the check and the extraction. Throws IoError (after removing
// `destination`) when the file system fails.
bool extractParcel(const std::filesystem::path& file, const std::string& top, const std::filesystem::path& destination,
                   Diagnostics& out);

// Removes a tree that may hold read-only directories (0555 from an archive).
// Never follows symbolic links. Throws IoError.
void removeTree(const std::filesystem::path& path);

}  // namespace parcel::host

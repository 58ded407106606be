// Reads a .parcel archive: the listing and the metadata members. This is code
// that meets untrusted archives; it never extracts anything.
#pragma once

#include "parcel/build/payload.hpp"
#include "parcel/support/diagnostic.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace parcel {

// The meta/ files whose content the checks need, and the most we read of one:
// metadata is small, and an archive must not make us hold gigabytes in memory.
// filelist.json (a parcel from packages) is kept for `inspect`, which shows
// where each entry came from.
inline constexpr std::array<std::string_view, 5> kMetaFileNames = {
    "parcel.json", "alternatives.json", "permissions.json", "release-notes.txt", "filelist.json"};
inline constexpr std::uint64_t kMaxMetaFileSize = 16u * 1024u * 1024u;

struct ArchiveEntry {
  std::string path;  // as stored, with a trailing '/' removed
  EntryType type = EntryType::File;  // Other: FIFO, device, socket
  unsigned mode = 0;  // permission bits
  std::int64_t uid = 0;
  std::int64_t gid = 0;
  std::string uname;
  std::string gname;
  std::uint64_t size = 0;
  std::string linkTarget;  // symlink or hard-link target
  std::int64_t mtime = 0;
};

struct ParcelArchive {
  // "gzip", "none", or libarchive's filter names outermost first ("xz+gzip");
  // empty when libarchive rejected the file before any entry (not a tar at all).
  std::string compression;
  std::vector<ArchiveEntry> entries;  // archive order
  // Contents of the members named "<top>/meta/<file>" for parcel.json,
  // alternatives.json, permissions.json, release-notes.txt and filelist.json, keyed by the full
  // member path. A member over 16 MiB is reported ("member-too-large"), not kept.
  std::map<std::string, std::string> metaFiles;
};

// Reads the whole archive once, streaming; for a gzip file, zlib reads the
// compressed bytes a second time to find where the first member ends. A corrupt,
// truncated or non-tar file is an "archive-unreadable" error carrying
// libarchive's message; the entries read before it are kept. A gzip file of
// several members is a "multiple-gzip-members" error (Cloudera reads only the
// first member); one whose CRC-32 or length does not match its data is a
// "gzip-checksum-mismatch" error (libarchive does not check them). Throws
// IoError when the file cannot be opened, Interrupted after a signal.
ParcelArchive readParcelArchive(const std::filesystem::path& file, Diagnostics& out);

}  // namespace parcel

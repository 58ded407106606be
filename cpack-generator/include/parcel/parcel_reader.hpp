// Reads a .parcel archive: the listing and the metadata members. This is code
// that meets untrusted archives; it never extracts anything.
#pragma once

#include "parcel/diagnostic.hpp"
#include "parcel/payload.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace parcel {

struct ArchiveEntry {
  std::string path;            // as stored, with a trailing '/' removed
  EntryType type = EntryType::File;   // Other: FIFO, device, socket
  unsigned mode = 0;           // permission bits
  std::int64_t uid = 0;
  std::int64_t gid = 0;
  std::string uname;
  std::string gname;
  std::uint64_t size = 0;
  std::string linkTarget;      // symlink or hard-link target
  std::int64_t mtime = 0;
};

struct ParcelArchive {
  std::string compression;               // "gzip", "none", or libarchive's filter name
  std::vector<ArchiveEntry> entries;     // archive order
  // Contents of the members named "<top>/meta/<file>" for parcel.json,
  // alternatives.json, permissions.json and release-notes.txt, keyed by the full
  // member path. A member over 16 MiB is reported ("member-too-large"), not kept.
  std::map<std::string, std::string> metaFiles;
};

// Reads the whole archive once, streaming. A corrupt, truncated or non-tar file
// is an "archive-unreadable" error carrying libarchive's message; the entries
// read before it are kept. Throws IoError when the file cannot be opened.
ParcelArchive readParcelArchive(const std::filesystem::path& file, Diagnostics& out);

}  // namespace parcel

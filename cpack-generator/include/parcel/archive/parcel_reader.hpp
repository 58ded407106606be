// Reads a .parcel archive: the listing and the metadata members. This is code
// that meets untrusted archives; it never extracts anything.
#pragma once

#include "parcel/build/payload.hpp"
#include "parcel/support/byte_sink.hpp"
#include "parcel/support/diagnostic.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
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
// The other regular files directly in meta/ (the defines script, which
// parcel.json names, is one of them) are kept for the audit, the first 32 of at
// most 1 MiB each: the agent sources a script, it does not read megabytes.
inline constexpr std::size_t kMostOtherMetaFiles = 32;
inline constexpr std::uint64_t kMaxOtherMetaFileSize = 1024u * 1024u;

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

// A deque, not a vector: a vector's doubling holds the old and the new array
// at once, 32 MB for 90,000 entries at the moment it grows.
using ArchiveListing = std::deque<ArchiveEntry>;

struct ParcelArchive {
  // "gzip", "none", or libarchive's filter names outermost first ("xz+gzip");
  // empty when libarchive rejected the file before any entry (not a tar at all).
  std::string compression;
  ArchiveListing entries;  // archive order
  // Contents of the members named "<top>/meta/<file>" for parcel.json,
  // alternatives.json, permissions.json, release-notes.txt and filelist.json, keyed by the full
  // member path. A member over 16 MiB is reported ("member-too-large"), not kept.
  std::map<std::string, std::string> metaFiles;
  // The other files directly in "<top>/meta/", keyed the same way, within the
  // limits above (larger or later ones are left out without a diagnostic).
  std::map<std::string, std::string> otherMetaFiles;
  // SHA-1 of the file's bytes, 40 lower-case hex digits, from the same read.
  std::string sha1;
  // Whether the one-pass reader gave this result (see readParcelArchive).
  bool onePass = false;
};

// The data of the entry an EntryVisitor is shown, read as the archive streams.
class EntryContent {
public:
  virtual ~EntryContent() = default;
  // The next bytes into `buffer`: their count, 0 at the end, -1 when the
  // archive cannot be read further (the reader reports that itself).
  virtual std::ptrdiff_t read(char* buffer, std::size_t size) = 0;
};

// Sees every entry in archive order, with its data, in the reader's own pass:
// what host distribute extracts while the checks list. A visitor never judges
// the archive; the diagnostics come from the listing, as without one.
class EntryVisitor {
public:
  virtual ~EntryVisitor() = default;
  // A pass starts; what an earlier pass showed (the one pass, given up on for
  // the plain one) is to be forgotten.
  virtual void begin() = 0;
  virtual void visit(const ArchiveEntry& entry, EntryContent& content) = 0;
};

enum class ReadPath {
  OnePass,  // the fast path, falling back to Plain for anything not clean
  Plain,  // the reference: libarchive's decompressors, then zlib, then SHA-1
};

// Reads the archive, streaming, in bounded memory. A gzip file is read once:
// ISA-L inflates it on a thread of its own, libarchive lists the tar stream and
// SHA-1 hashes the compressed bytes, all in the same pass. Anything not clean
// on that path (damage, truncation, a check value, data after the member) is
// read again the plain way, whose diagnostics are the reference: a corrupt,
// truncated or non-tar file is an "archive-unreadable" error carrying
// libarchive's message; the entries read before it are kept. A gzip file of
// several members is a "multiple-gzip-members" error (Cloudera reads only the
// first member); one whose CRC-32 or length does not match its data is a
// "gzip-checksum-mismatch" error (libarchive does not check them). Throws
// IoError when the file cannot be opened, Interrupted after a signal.
// With a visitor, the file is read (never given from a ParcelReadOnce) and
// each pass shows it the entries.
ParcelArchive readParcelArchive(const std::filesystem::path& file, Diagnostics& out, ReadPath path = ReadPath::OnePass,
                                EntryVisitor* visitor = nullptr);

// The one pass over a descriptor (a .parcel as it is), writing every byte read
// to `copy` as it goes and showing `visitor` (if any) each entry. Nullopt, with no
// diagnostics, when the one pass does not take the file (not gzip, or anything
// not clean): `copy` then holds the bytes read so far and the descriptor's
// offset is just after them, so the caller copies the rest and reads the copy
// with readParcelArchive, whose diagnostics are the reference. Throws IoError
// (the copy failing), Interrupted.
std::optional<ParcelArchive> readParcelArchiveCopying(int fd, ByteSink& copy, EntryVisitor* visitor, Diagnostics& out);

// While one lives (on this thread), readParcelArchive keeps what it read of
// `file` and gives it again, with the same diagnostics, instead of reading the
// file again: for a file that nothing changes, which several checks read in turn
// (validate and its audit, a repository scan). Other files are read as usual.
class ParcelReadOnce {
public:
  explicit ParcelReadOnce(std::filesystem::path file);
  ~ParcelReadOnce();
  ParcelReadOnce(const ParcelReadOnce&) = delete;
  ParcelReadOnce& operator=(const ParcelReadOnce&) = delete;

  struct Kept;

private:
  std::filesystem::path file_;
  std::unique_ptr<Kept> kept_;
  ParcelReadOnce* outer_;
  friend ParcelArchive readParcelArchive(const std::filesystem::path&, Diagnostics&, ReadPath, EntryVisitor*);
};

}  // namespace parcel

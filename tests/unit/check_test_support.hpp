// Helpers for the reader and checker tests: archives built in the test with
// libarchive's writer and zlib (independent of the project's TarWriter and
// compressor, so odd and hostile archives can be made), and a one-line summary
// of diagnostics that doctest prints readably.
#pragma once

#include "parcel/build/payload.hpp"
#include "parcel/support/diagnostic.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace parcel::test {

struct TarMember {
  std::string path;
  EntryType type = EntryType::File;  // Other: a FIFO
  std::string content;  // File only
  std::string link;  // Symlink or Hardlink target
  unsigned mode = 0;  // 0: 0755 for directories, 0644 otherwise
  std::int64_t uid = 0;
  std::int64_t gid = 0;
  std::string uname = "root";
  std::string gname = "root";
};

inline constexpr std::int64_t kTestMtime = 1262304000;  // 2010-01-01

inline TarMember makeMember(std::string path, EntryType type, std::string content = {}, std::string link = {}) {
  TarMember result;
  result.path = std::move(path);
  result.type = type;
  result.content = std::move(content);
  result.link = std::move(link);
  return result;
}
inline TarMember tarDir(std::string path) { return makeMember(std::move(path), EntryType::Directory); }
inline TarMember tarFile(std::string path, std::string content = {}) {
  return makeMember(std::move(path), EntryType::File, std::move(content));
}
inline TarMember tarSymlink(std::string path, std::string target) {
  return makeMember(std::move(path), EntryType::Symlink, {}, std::move(target));
}
inline TarMember tarHardlink(std::string path, std::string target) {
  return makeMember(std::move(path), EntryType::Hardlink, {}, std::move(target));
}
inline TarMember tarFifo(std::string path) { return makeMember(std::move(path), EntryType::Other); }

enum class Container { Tar, Zip };

struct ArchiveWriteFree {
  void operator()(archive* a) const { archive_write_free(a); }
};
using ArchiveWriter = std::unique_ptr<archive, ArchiveWriteFree>;
using EntryPtr = std::unique_ptr<archive_entry, void (*)(archive_entry*)>;

// Opens `writer`, its format and filters set, so that it appends to `bytes`;
// no padding after the last block.
inline void openOnString(archive* writer, std::string& bytes) {
  archive_write_set_bytes_in_last_block(writer, 1);
  const auto append = [](archive*, void* sink, const void* chunk, size_t size) -> la_ssize_t {
    static_cast<std::string*>(sink)->append(static_cast<const char*>(chunk), size);
    return static_cast<la_ssize_t>(size);
  };
  if (archive_write_open(writer, &bytes, nullptr, append, nullptr) != ARCHIVE_OK) {
    throw std::runtime_error(archive_error_string(writer));
  }
}

inline void closeWriter(archive* writer) {
  if (archive_write_close(writer) != ARCHIVE_OK) throw std::runtime_error(archive_error_string(writer));
}

// An archive of `members` in the given order, uncompressed (restricted pax tar,
// or zip for the "not a tar" cases).
inline std::string archiveBytes(const std::vector<TarMember>& members, Container container = Container::Tar) {
  ArchiveWriter writer(archive_write_new());
  if (container == Container::Zip) {
    archive_write_set_format_zip(writer.get());
  } else {
    archive_write_set_format_pax_restricted(writer.get());
  }
  std::string bytes;
  openOnString(writer.get(), bytes);
  EntryPtr entry(archive_entry_new(), archive_entry_free);
  for (const TarMember& member : members) {
    archive_entry_clear(entry.get());
    archive_entry_set_pathname(entry.get(), member.path.c_str());
    archive_entry_set_mtime(entry.get(), kTestMtime, 0);
    archive_entry_set_uid(entry.get(), member.uid);
    archive_entry_set_gid(entry.get(), member.gid);
    archive_entry_set_uname(entry.get(), member.uname.c_str());
    archive_entry_set_gname(entry.get(), member.gname.c_str());
    const bool isDir = member.type == EntryType::Directory;
    archive_entry_set_perm(entry.get(), member.mode != 0 ? member.mode : isDir ? 0755 : 0644);
    switch (member.type) {
      case EntryType::Directory:
        archive_entry_set_filetype(entry.get(), AE_IFDIR);
        break;
      case EntryType::File:
        archive_entry_set_filetype(entry.get(), AE_IFREG);
        break;
      case EntryType::Symlink:
        archive_entry_set_filetype(entry.get(), AE_IFLNK);
        archive_entry_set_symlink(entry.get(), member.link.c_str());
        break;
      case EntryType::Hardlink:
        archive_entry_set_filetype(entry.get(), AE_IFREG);
        archive_entry_set_hardlink(entry.get(), member.link.c_str());
        break;
      case EntryType::Other:
        archive_entry_set_filetype(entry.get(), AE_IFIFO);
        break;
    }
    archive_entry_set_size(entry.get(), static_cast<la_int64_t>(member.content.size()));
    if (archive_write_header(writer.get(), entry.get()) < ARCHIVE_WARN) {
      throw std::runtime_error(archive_error_string(writer.get()));
    }
    if (!member.content.empty()) {
      archive_write_data(writer.get(), member.content.data(), member.content.size());
    }
  }
  closeWriter(writer.get());
  return bytes;
}

// One gzip member holding `data` (zlib, not the project's compressor).
inline std::string gzipBytes(std::string_view data) {
  z_stream stream{};
  if (deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2");
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (status != Z_STREAM_END) throw std::runtime_error("deflate");
  return out;
}

// `data` as one raw stream through a libarchive write filter
// (archive_write_add_filter_xz, _bzip2, ...).
inline std::string compressedWith(const std::string& data, int (*addFilter)(archive*)) {
  ArchiveWriter writer(archive_write_new());
  archive_write_set_format_raw(writer.get());
  addFilter(writer.get());
  std::string bytes;
  openOnString(writer.get(), bytes);
  EntryPtr entry(archive_entry_new(), archive_entry_free);
  archive_entry_set_filetype(entry.get(), AE_IFREG);
  archive_entry_set_pathname(entry.get(), "data");
  archive_entry_set_size(entry.get(), static_cast<la_int64_t>(data.size()));
  archive_write_header(writer.get(), entry.get());
  archive_write_data(writer.get(), data.data(), data.size());
  closeWriter(writer.get());
  return bytes;
}

inline std::string tarGz(const std::vector<TarMember>& members) { return gzipBytes(archiveBytes(members)); }

// "E code member#pointer" per diagnostic, sorted, joined by " | ": one string
// that doctest shows in full when a comparison fails.
inline std::string joinSorted(std::vector<std::string> lines) {
  std::sort(lines.begin(), lines.end());
  std::string joined;
  for (const std::string& line : lines) joined += (joined.empty() ? "" : " | ") + line;
  return joined;
}

inline std::string summary(const Diagnostics& diagnostics) {
  std::vector<std::string> lines;
  for (const Diagnostic& d : diagnostics.items()) {
    lines.push_back(std::string(d.severity == Severity::Error ? "E " : "W ") + d.code + " " + d.member +
                    (d.pointer.empty() ? "" : "#" + d.pointer));
  }
  return joinSorted(std::move(lines));
}

}  // namespace parcel::test

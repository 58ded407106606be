// The parcel's content as read from an input directory: every entry, sorted,
// with the checks of spec section 3 applied to what is found on disk.
#pragma once

#include "parcel/rules/member_path.hpp"
#include "parcel/support/diagnostic.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace parcel {

enum class EntryType { Directory, File, Symlink, Hardlink, Other };

std::string_view toString(EntryType type);  // "dir" | "file" | "symlink" | "hardlink" | "other"

struct PayloadEntry {
  std::string path;  // relative to the input root, '/'-separated, no trailing '/'
  EntryType type = EntryType::File;
  unsigned mode = 0;  // permission bits (07777) as found on disk
  std::uint64_t size = 0;  // regular files only
  std::string linkTarget;  // Symlink: the target as stored; Hardlink: path of the first name
  // On-disk path (files), for the writer to stream from. A string, not a
  // std::filesystem::path, which also keeps each component: 500 bytes an
  // entry, 40 MB for a listing of 78,000 files.
  std::string source;
};

// Walks `root` without following symlinks. Entries come out sorted byte-wise by
// path; every directory (empty ones too) is an entry. Findings, each with
// `member` set to the entry's path:
//   "symlink-absolute", "symlink-escapes" (judgeSymlink, member_path.hpp):
//     an absolute link under /etc or /var is kept with a warning, any other
//     link leaving the root is an error;
//   error "symlink-dangling": a relative link must name something inside the root;
//   error "special-file": a FIFO, socket or device;
//   error "unreadable-file": a file or directory that cannot be read;
//   error "name-not-utf8", "name-control-character": a name Cloudera's (Java)
//     reader would change, or one that breaks depfiles and logs (a newline);
//   error "path-too-long": a path longer than `maxPathLength` bytes; the
//     folders below such a folder are not read, which also bounds the depth.
// A second name of a hard-linked file becomes a Hardlink entry that points at
// the first name in sorted order, so the data is stored once.
// Throws InputError when `root` does not exist or is not a directory.
std::vector<PayloadEntry> scanPayload(const std::filesystem::path& root, Diagnostics& out,
                                      std::size_t maxPathLength = kMaxMemberPathLength);

}  // namespace parcel

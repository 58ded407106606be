// Unpacking an untrusted parcel for `parceltool host distribute`.
//
// The extractor does not rely on an earlier validation. It unpacks in the
// reader's one pass (an EntryVisitor): each entry is checked against the plan's
// rules before it is created, and the first entry that fails them, or that the
// file system refuses, stops the creating (the listing goes on, for the
// diagnostics). Every entry is created relative to directory descriptors it
// opened itself (openat with O_NOFOLLOW, files with O_EXCL), so nothing is
// ever written through a symbolic link; an unpacking that is refused leaves
// nothing behind.
#pragma once

#include "parcel/archive/parcel_reader.hpp"
#include "parcel/support/diagnostic.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace parcel::host {

// The checks an entry passes before it is created, over the whole listing.
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
void checkExtractionPlan(const ArchiveListing& entries, const std::string& top, Diagnostics& out);

// The same checks, one entry at a time, as the archive streams.
class ExtractionPlan {
public:
  explicit ExtractionPlan(std::string top);
  // Checks the next entry; true when it has no error of its own (it may be
  // created, unless it lies below a link, which the file system refuses).
  bool admit(const ArchiveEntry& entry, Diagnostics& out);
  // After the last entry: what only the whole listing shows (an entry below a
  // link or file listed after it).
  void finish(Diagnostics& out) const;

private:
  std::string top_;
  std::map<std::string, EntryType> seen_;  // path -> type, of the entries admitted so far
};

// Unpacks the entries under `top`/ as a reader shows them, into `destination`,
// which each pass (begin()) creates anew (it must not exist before the first).
// Modes as extractParcel says below. After the read: plan() gives the plan's
// findings, complete() the tree.
class ParcelExtractor final : public EntryVisitor {
public:
  ParcelExtractor(std::filesystem::path destination, std::string top);
  ~ParcelExtractor() override;
  ParcelExtractor(const ParcelExtractor&) = delete;
  ParcelExtractor& operator=(const ParcelExtractor&) = delete;

  void begin() override;
  void visit(const ArchiveEntry& entry, EntryContent& content) override;

  // The findings of the plan's checks over the whole listing (warnings too).
  // With an error among them, `destination` is removed and must not be used.
  Diagnostics plan();
  // When plan() had no error: sets the directory modes and returns. Throws
  // the IoError that stopped the creating (a full disk), after removing
  // `destination`.
  void complete();
  // Removes what this extractor created, if anything.
  void discard();

  struct Tree;

private:
  void writeFile(int parent, const std::string& name, unsigned mode, EntryContent& content, const std::string& display);

  std::filesystem::path destination_;
  std::string top_;
  std::unique_ptr<Tree> tree_;
};

// Unpacks the entries under `top`/ of `file` into `destination`, which must not
// exist and is created (mode from the archive's top entry, default 0755), in
// one read of the file. File modes come from the archive without set-id and
// sticky bits (permissions.json sets those); owners are not set; folders the
// archive does not list get 0700. Returns false, with the errors (the read's
// and the plan's), and leaves no `destination` behind when the archive cannot
// be read or the listing is unsafe. Throws IoError (after removing
// `destination`) when the file system fails.
bool extractParcel(const std::filesystem::path& file, const std::string& top, const std::filesystem::path& destination,
                   Diagnostics& out);

// Removes a tree that may hold read-only directories (0555 from an archive).
// Never follows symbolic links. Throws IoError.
void removeTree(const std::filesystem::path& path);

}  // namespace parcel::host

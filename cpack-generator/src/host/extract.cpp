#include "parcel/host/extract.hpp"

#include "archive/archive_entry_type.hpp"
#include "archive/archive_input.hpp"

#include "parcel/host/safe_fs.hpp"
#include "parcel/rules/member_path.hpp"
#include "parcel/support/error.hpp"
#include "parcel/support/interrupt.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <array>
#include <cerrno>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace parcel::host {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kBlockSize = 64 * 1024;

void refuse(Diagnostics& out, const std::string& member, const std::string& code, const std::string& message) {
  out.add({Severity::Error, member, "", code, message});
}

void report(Diagnostics& out, const ArchiveEntry& entry, const PathFinding& finding) {
  out.add({finding.severity, entry.path, "", finding.code, finding.message});
}

struct ArchiveReadFree {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchiveReader = std::unique_ptr<archive, ArchiveReadFree>;

std::string text(const char* value) { return value != nullptr ? value : ""; }

std::string stripSlash(std::string path) {
  if (!path.empty() && path.back() == '/') path.pop_back();
  return path;
}

// Creates the entries of one archive below `rootFd`, which is `destination`.
class Extractor {
public:
  Extractor(archive* reader, int rootFd, const fs::path& destination, const std::string& top)
      : reader_(reader), rootFd_(rootFd), destination_(destination), top_(top) {}

  void create(archive_entry* entry, const ArchiveEntry& planned) {
    const std::string relative = planned.path.size() > top_.size() ? planned.path.substr(top_.size() + 1) : "";
    const unsigned mode = planned.mode & 0777u;
    if (relative.empty()) {
      directoryModes_[""] = mode;
      return;
    }
    auto parts = splitComponents(relative);
    const std::string name = parts.back();
    parts.pop_back();
    const std::string display = (destination_ / relative).string();
    UniqueFd parent = openDirectoryBelow(rootFd_, parts, true, 0700, display);
    switch (planned.type) {
      case EntryType::Directory:
        if (::mkdirat(parent.get(), name.c_str(), 0700) != 0 && errno != EEXIST) {
          throw IoError(systemErrorMessage("cannot create directory", display, errno));
        }
        openDirectoryBelow(parent.get(), {name}, false, 0700,
                           display);  // a real directory, not a link
        directoryModes_[relative] = mode;
        break;
      case EntryType::File:
        writeFile(parent.get(), name, mode, display);
        break;
      case EntryType::Symlink:
        if (::symlinkat(planned.linkTarget.c_str(), parent.get(), name.c_str()) != 0) {
          throw IoError(systemErrorMessage("cannot create symbolic link", display, errno));
        }
        break;
      case EntryType::Hardlink: {
        auto targetParts = splitComponents(planned.linkTarget.substr(top_.size() + 1));
        const std::string targetName = targetParts.back();
        targetParts.pop_back();
        UniqueFd targetParent = openDirectoryBelow(rootFd_, targetParts, false, 0700, display);
        if (::linkat(targetParent.get(), targetName.c_str(), parent.get(), name.c_str(), 0) != 0) {
          throw IoError(systemErrorMessage("cannot create hard link", display, errno));
        }
        break;
      }
      case EntryType::Other:
        throw IoError("refusing to create the special file '" + display + "'");
    }
    (void)entry;
  }

  // Directory modes last, deepest first, so a read-only directory is filled
  // first.
  void finish() {
    for (auto it = directoryModes_.rbegin(); it != directoryModes_.rend(); ++it) {
      const std::string display = (destination_ / it->first).string();
      UniqueFd fd = it->first.empty() ? UniqueFd(::dup(rootFd_))
                                      : openDirectoryBelow(rootFd_, splitComponents(it->first), false, 0700, display);
      if (fd.get() < 0 || ::fchmod(fd.get(), static_cast<mode_t>(it->second)) != 0) {
        throw IoError(systemErrorMessage("cannot set the mode of", display, errno));
      }
    }
    if (directoryModes_.count("") == 0 && ::fchmod(rootFd_, 0755) != 0) {
      throw IoError(systemErrorMessage("cannot set the mode of", destination_.string(), errno));
    }
  }

private:
  void writeFile(int parent, const std::string& name, unsigned mode, const std::string& display) {
    UniqueFd fd(::openat(parent, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (fd.get() < 0) throw IoError(systemErrorMessage("cannot create", display, errno));
    std::array<char, kBlockSize> buffer;
    for (;;) {
      const la_ssize_t n = archive_read_data(reader_, buffer.data(), buffer.size());
      if (n == 0) break;
      if (n < 0) throwIfInterrupted();
      if (n < 0) throw IoError("cannot read the data of '" + display + "': " + text(archive_error_string(reader_)));
      std::size_t done = 0;
      while (done < static_cast<std::size_t>(n)) {
        const ssize_t written = ::write(fd.get(), buffer.data() + done, static_cast<std::size_t>(n) - done);
        if (written < 0) {
          if (errno == EINTR) continue;
          throw IoError(systemErrorMessage("cannot write", display, errno));
        }
        done += static_cast<std::size_t>(written);
      }
    }
    if (::fchmod(fd.get(), static_cast<mode_t>(mode)) != 0) {
      throw IoError(systemErrorMessage("cannot set the mode of", display, errno));
    }
  }

  archive* reader_;
  int rootFd_;
  fs::path destination_;
  std::string top_;
  std::map<std::string, unsigned> directoryModes_;
};

// Streams the archive a second time and creates what the plan allowed; an entry
// that differs from the plan (the file changed since) stops everything.
bool extractPlanned(const fs::path& file, const std::vector<ArchiveEntry>& plan, const std::string& top,
                    const fs::path& destination, int rootFd, Diagnostics& out) {
  const UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) throw IoError(systemErrorMessage("cannot open", file.string(), errno));
  ArchiveReader reader(archive_read_new());
  if (!reader) throw ArchiveError("archive_read_new: out of memory");
  // Only gzip: the checks before refused anything else, and no other
  // decompressor (some start external programs) should ever see this file.
  archive_read_support_filter_gzip(reader.get());
  archive_read_support_format_tar(reader.get());
  if (openInterruptibleInput(reader.get(), fd.get()) != ARCHIVE_OK) {
    throwIfInterrupted();
    throw IoError("cannot open '" + file.string() + "': " + text(archive_error_string(reader.get())));
  }
  Extractor extractor(reader.get(), rootFd, destination, top);
  std::size_t index = 0;
  for (;;) {
    archive_entry* entry = nullptr;
    const int status = archive_read_next_header(reader.get(), &entry);
    if (status == ARCHIVE_EOF) break;
    throwIfInterrupted();
    if (status != ARCHIVE_OK && status != ARCHIVE_WARN) {
      refuse(out, "", "archive-unreadable", "the archive cannot be read: " + text(archive_error_string(reader.get())));
      return false;
    }
    const std::string path = stripSlash(text(archive_entry_pathname(entry)));
    const EntryType type = entryTypeOf(entry);
    const std::string link =
        type == EntryType::Hardlink ? text(archive_entry_hardlink(entry)) : text(archive_entry_symlink(entry));
    if (index >= plan.size() || plan[index].path != path || plan[index].type != type ||
        plan[index].linkTarget != link) {
      refuse(out, path, "archive-changed", "the archive changed between the check and the extraction");
      return false;
    }
    extractor.create(entry, plan[index]);
    ++index;
  }
  if (index != plan.size()) {
    refuse(out, "", "archive-changed", "the archive changed between the check and the extraction");
    return false;
  }
  extractor.finish();
  return true;
}

}  // namespace

void checkExtractionPlan(const std::vector<ArchiveEntry>& entries, const std::string& top, Diagnostics& out) {
  std::map<std::string, EntryType> seen;  // path -> type, of the entries before the current one
  std::set<std::string> nonDirectories;
  for (const ArchiveEntry& entry : entries) {
    if (const auto finding = memberNameFinding(entry.path)) {
      report(out, entry, *finding);
      continue;
    }
    if (splitPathComponents(entry.path).front() != top) {
      refuse(out, entry.path, "outside-top", "the entry is not inside '" + top + "/'");
      continue;
    }
    if (seen.count(entry.path) != 0) {
      refuse(out, entry.path, "duplicate-entry", "the archive holds more than one entry named '" + entry.path + "'");
      continue;
    }
    if (entry.path == top && entry.type != EntryType::Directory) {
      refuse(out, entry.path, "top-not-directory", "the top-level entry '" + top + "' is not a directory");
    }
    switch (entry.type) {
      case EntryType::Other:
        refuse(out, entry.path, "special-file", "the archive holds a special file (FIFO, device or socket)");
        break;
      case EntryType::Symlink:
        // An allowed absolute link (under /etc or /var) is created as it is and
        // never followed: every later step opens paths with O_NOFOLLOW.
        if (const auto finding = judgeSymlink(entry.path, entry.linkTarget, top).finding) report(out, entry, *finding);
        break;
      case EntryType::Hardlink: {
        const auto target = seen.find(entry.linkTarget);
        if (const auto finding = hardlinkFinding(entry.linkTarget, top)) {
          report(out, entry, *finding);
        } else if (target == seen.end() || target->second != EntryType::File) {
          report(out, entry, hardlinkTargetMissing(entry.linkTarget));
        }
        break;
      }
      case EntryType::Directory:
      case EntryType::File:
        break;
    }
    seen.emplace(entry.path, entry.type);
    if (entry.type != EntryType::Directory) nonDirectories.insert(entry.path);
  }
  // Anything listed below a link or file, before or after it. Sorted, the
  // names below X follow "X/" directly, so each entry is looked at once:
  // linear in the listing even for a deep chain of links.
  std::set<std::string> reported;
  for (const std::string& blocker : nonDirectories) {
    if (reported.count(blocker) != 0) continue;  // its names are reported already
    const std::string below = blocker + "/";
    for (auto it = seen.lower_bound(below); it != seen.end() && it->first.compare(0, below.size(), below) == 0; ++it) {
      if (!reported.insert(it->first).second) continue;
      refuse(out, it->first, "write-through-link", "the entry lies below '" + blocker + "', which is not a directory");
    }
  }
}

bool extractParcel(const fs::path& file, const std::string& top, const fs::path& destination, Diagnostics& out) {
  Diagnostics findings;
  const ParcelArchive archive = readParcelArchive(file, findings);
  checkExtractionPlan(archive.entries, top, findings);
  // Only the errors: the warnings of the same rules (an absolute link under
  // /etc) reached the caller already through validateParcelFile.
  for (const Diagnostic& finding : findings.items()) {
    if (finding.severity == Severity::Error) out.add(finding);
  }
  if (findings.hasErrors()) return false;

  if (::mkdir(destination.c_str(), 0700) != 0) {
    throw IoError(systemErrorMessage("cannot create directory", destination.string(), errno));
  }
  try {
    UniqueFd rootFd = openDirectory(destination);
    if (extractPlanned(file, archive.entries, top, destination, rootFd.get(), out)) return true;
  } catch (...) {
    removeTree(destination);
    throw;
  }
  removeTree(destination);
  return false;
}

void removeTree(const fs::path& path) {
  std::error_code error;
  const auto status = fs::symlink_status(path, error);
  if (error || status.type() == fs::file_type::not_found) return;
  if (status.type() == fs::file_type::directory) {
    ::chmod(path.c_str(), 0700);
    for (fs::directory_iterator it(path, error), end; !error && it != end; it.increment(error)) {
      if (it->symlink_status(error).type() == fs::file_type::directory) removeTree(it->path());
    }
  }
  fs::remove_all(path, error);
  if (error) throw IoError(systemErrorMessage("cannot remove", path.string(), error.value()));
}

}  // namespace parcel::host

#include "parcel/build/payload.hpp"

#include "parcel/json/json_text.hpp"
#include "parcel/rules/member_path.hpp"
#include "parcel/support/error.hpp"
#include "parcel/support/interrupt.hpp"
#include "parcel/support/unique_fd.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <optional>
#include <utility>

namespace parcel {

namespace fs = std::filesystem;

std::string_view toString(EntryType type) {
  switch (type) {
    case EntryType::Directory:
      return "dir";
    case EntryType::File:
      return "file";
    case EntryType::Symlink:
      return "symlink";
    case EntryType::Hardlink:
      return "hardlink";
    case EntryType::Other:
      return "other";
  }
  return "other";
}

namespace {

// What the checks need of lstat(2): a whole struct stat is 144 bytes a name.
struct FoundStat {
  mode_t mode = 0;
  off_t size = 0;
  nlink_t links = 0;
  dev_t device = 0;
  ino_t inode = 0;
};

// One name found on disk, before the checks.
struct Found {
  std::string path;  // relative, '/'-separated
  std::string source;  // see PayloadEntry::source
  FoundStat info;
};

class PayloadScanner {
public:
  PayloadScanner(const fs::path& root, std::size_t maxPathLength, Diagnostics& out)
      : root_(root), maxPathLength_(maxPathLength), out_(out) {}

  std::vector<PayloadEntry> scan() {
    std::error_code error;
    canonicalRoot_ = fs::canonical(root_, error);
    if (error) throw InputError("input directory '" + root_.string() + "' cannot be resolved: " + error.message());
    std::vector<Found> found;
    if (const std::error_code listError = listDirectory(root_, "", found)) {
      throw InputError("cannot read input directory '" + root_.string() + "': " + listError.message());
    }
    // Byte-wise order, so the archive does not depend on the file system's
    // directory order or on the locale.
    std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.path < b.path; });

    // Each name's strings are released once its entry holds its own copy, so
    // a large tree is held about once, not twice, at the peak.
    std::vector<PayloadEntry> entries;
    entries.reserve(found.size());
    for (Found& item : found) {
      if (auto entry = check(item)) entries.push_back(std::move(*entry));
      item = Found{};
    }
    return entries;
  }

private:
  // Appends every name below `dir`, without following symlinks. Returns the
  // error when `dir` itself cannot be listed. A work list rather than recursion:
  // a tree as deep as PATH_MAX allows (2,000 levels) must not exhaust the stack.
  std::error_code listDirectory(const fs::path& dir, const std::string& prefix, std::vector<Found>& found) {
    std::vector<Found> pending;  // folders found but not yet listed
    if (const std::error_code error = listOne(dir, prefix, found, pending)) return error;
    while (!pending.empty()) {
      Found folder = std::move(pending.back());
      pending.pop_back();
      if (const std::error_code error = listOne(folder.source, folder.path + "/", found, pending)) {
        unreadable(folder.path, "is a folder that cannot be read: " + error.message());
        continue;
      }
      found.push_back(std::move(folder));
    }
    return {};
  }

  // Lists one folder: files and links go to `found`, folders to `pending`.
  std::error_code listOne(const fs::path& dir, const std::string& prefix, std::vector<Found>& found,
                          std::vector<Found>& pending) {
    std::error_code error;
    fs::directory_iterator it(dir, error);
    if (error) return error;
    for (; it != fs::directory_iterator(); it.increment(error)) {
      throwIfInterrupted();
      Found item{prefix + it->path().filename().string(), it->path().string(), {}};
      if (!acceptableName(item.path, item.source, it->path().filename().string())) continue;
      struct stat info {};
      if (::lstat(item.source.c_str(), &info) != 0) {
        unreadable(item.path, "cannot be examined: " + std::string(std::strerror(errno)));
        continue;
      }
      item.info = {info.st_mode, info.st_size, info.st_nlink, info.st_dev, info.st_ino};
      (S_ISDIR(info.st_mode) ? pending : found).push_back(std::move(item));
    }
    // A failure in the middle of a listing: what was read so far is kept.
    if (error) {
      unreadable(prefix.empty() ? "." : prefix.substr(0, prefix.size() - 1),
                 "is a folder that could not be read to the end: " + error.message());
    }
    return {};
  }

  // Names a host can create as they are; a too long folder is not descended
  // into. The path on this machine must fit PATH_MAX as well, or the file
  // could not be opened to be packed.
  bool acceptableName(const std::string& path, const fs::path& source, const std::string& name) {
    if (path.size() > maxPathLength_ || source.native().size() > kMaxMemberPathLength) {
      out_.add({Severity::Error, path, "", "path-too-long",
                "the path is " + std::to_string(path.size()) +
                    " bytes long below the input; a member name may "
                    "have at most " +
                    std::to_string(kMaxMemberPathLength) +
                    " bytes with the parcel's top folder, and "
                    "the file's path here at most " +
                    std::to_string(kMaxMemberPathLength) + " (PATH_MAX)"});
      return false;
    }
    if (!isValidUtf8(name)) {
      out_.add({Severity::Error, path, "", "name-not-utf8",
                "the name is not valid UTF-8; Cloudera's reader would extract it under another name"});
      return false;
    }
    const bool control =
        std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
    if (control) {
      out_.add({Severity::Error, path, "", "name-control-character",
                "the name holds a control character (such as a newline), which depfiles, logs and shell "
                "scripts on the host cannot carry safely"});
      return false;
    }
    return true;
  }

  std::optional<PayloadEntry> check(const Found& item) {
    PayloadEntry entry;
    entry.path = item.path;
    entry.mode = item.info.mode & 07777;
    entry.source = item.source;
    const mode_t type = item.info.mode & S_IFMT;
    if (type == S_IFDIR) {
      entry.type = EntryType::Directory;
      return entry;
    }
    if (type == S_IFLNK) return checkSymlink(item, std::move(entry));
    if (type != S_IFREG) {
      out_.add({Severity::Error, item.path, "", "special-file",
                "'" + item.path + "' is a " + specialKind(type) +
                    "; a parcel can hold only files, folders and symbolic links"});
      return std::nullopt;
    }
    if (!canOpen(item.source)) {
      unreadable(item.path, "is a file that cannot be read: " + std::string(std::strerror(errno)));
      return std::nullopt;
    }
    entry.size = static_cast<std::uint64_t>(item.info.size);
    entry.type = EntryType::File;
    // The first name of a hard-linked file (in sorted order) carries the data;
    // later names link to it. Its size and source stay, so a writer may copy instead.
    // Files in meta/ always carry their own data: Cloudera reads no data from a
    // hard-link entry, so a linked parcel.json would look empty to it.
    if (item.info.links > 1 && item.path.rfind("meta/", 0) != 0) {
      const auto [first, inserted] = firstNames_.try_emplace({item.info.device, item.info.inode}, item.path);
      if (!inserted) {
        entry.type = EntryType::Hardlink;
        entry.linkTarget = first->second;
      }
    }
    return entry;
  }

  // Keeps a relative link whose target exists inside the root, judged both by
  // its text (what a reader of the archive sees) and on disk (where links inside
  // the target's path may lead elsewhere), and an absolute one under /etc or
  // /var, with the warning of the member-path rules.
  std::optional<PayloadEntry> checkSymlink(const Found& item, PayloadEntry entry) {
    std::error_code error;
    const fs::path target = fs::read_symlink(item.source, error);
    if (error) {
      unreadable(item.path, "is a symbolic link that cannot be read: " + error.message());
      return std::nullopt;
    }
    entry.type = EntryType::Symlink;
    entry.linkTarget = target.string();
    const std::string quoted = "'" + item.path + "' -> '" + entry.linkTarget + "'";
    // The text first, by the rule validate and the host apply to the archive.
    const SymlinkVerdict verdict = judgeSymlink(item.path, entry.linkTarget, "");
    if (verdict.finding) {
      out_.add({verdict.finding->severity, item.path, "", verdict.finding->code, verdict.finding->message});
      // An allowed absolute link (under /etc or /var) names the host, not this
      // machine: it is packed as it is.
      return verdict.finding->severity == Severity::Error ? std::nullopt : std::optional(std::move(entry));
    }
    // Then on disk, where links inside the target's path may lead elsewhere.
    const fs::path resolved = fs::canonical(fs::path(item.source).parent_path() / target, error);
    if (!error && !isInsideRoot(resolved)) {
      out_.add({Severity::Error, item.path, "", "symlink-escapes",
                "symbolic link " + quoted + " points outside the input directory"});
      return std::nullopt;
    }
    if (error) {
      out_.add({Severity::Error, item.path, "", "symlink-dangling",
                "symbolic link " + quoted + " points to nothing (" + error.message() + ")"});
      return std::nullopt;
    }
    return entry;
  }

  bool isInsideRoot(const fs::path& resolved) const {
    const auto mismatch = std::mismatch(canonicalRoot_.begin(), canonicalRoot_.end(), resolved.begin(), resolved.end());
    return mismatch.first == canonicalRoot_.end();
  }

  static bool canOpen(const fs::path& path) {
    // O_NONBLOCK: never wait on a file swapped for a FIFO since lstat.
    return UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)).valid();
  }

  static std::string specialKind(mode_t type) {
    switch (type) {
      case S_IFIFO:
        return "FIFO";
      case S_IFSOCK:
        return "socket";
      case S_IFCHR:
        return "character device";
      case S_IFBLK:
        return "block device";
      default:
        return "special file";
    }
  }

  void unreadable(const std::string& path, const std::string& what) {
    out_.add({Severity::Error, path, "", "unreadable-file", "'" + path + "' " + what});
  }

  fs::path root_;
  std::size_t maxPathLength_;
  fs::path canonicalRoot_;
  Diagnostics& out_;
  std::map<std::pair<dev_t, ino_t>, std::string> firstNames_;
};

}  // namespace

std::vector<PayloadEntry> scanPayload(const fs::path& root, Diagnostics& out, std::size_t maxPathLength) {
  std::error_code error;
  const fs::file_status status = fs::status(root, error);
  if (status.type() == fs::file_type::none) {
    throw InputError("input directory '" + root.string() + "' cannot be examined: " + error.message());
  }
  if (!fs::exists(status)) throw InputError("input directory '" + root.string() + "' does not exist");
  if (!fs::is_directory(status)) throw InputError("input directory '" + root.string() + "' is not a directory");
  return PayloadScanner(root, maxPathLength, out).scan();
}

}  // namespace parcel

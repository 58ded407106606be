#include "parcel/host/extract.hpp"

#include "parcel/host/safe_fs.hpp"
#include "parcel/rules/member_path.hpp"
#include "parcel/support/error.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string_view>

namespace parcel::host {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kBlockSize = 256 * 1024;

void refuse(Diagnostics& out, const std::string& member, const std::string& code, const std::string& message) {
  out.add({Severity::Error, member, "", code, message});
}

void report(Diagnostics& out, const ArchiveEntry& entry, const PathFinding& finding) {
  out.add({finding.severity, entry.path, "", finding.code, finding.message});
}

// A directory whose mode can be given when it is made: its owner may still
// fill it, and the umask leaves the mode as it is.
bool modeAtCreation(unsigned mode, unsigned mask) { return (mode & 0700u) == 0700u && (mode & ~mask) == mode; }

}  // namespace

ExtractionPlan::ExtractionPlan(std::string top) : top_(std::move(top)) {}

bool ExtractionPlan::admit(const ArchiveEntry& entry, Diagnostics& out) {
  const std::size_t errorsBefore = out.errorCount();
  if (const auto finding = memberNameFinding(entry.path)) {
    report(out, entry, *finding);
    return out.errorCount() == errorsBefore;
  }
  if (splitPathComponents(entry.path).front() != top_) {
    refuse(out, entry.path, "outside-top", "the entry is not inside '" + top_ + "/'");
    return false;
  }
  if (seen_.count(entry.path) != 0) {
    refuse(out, entry.path, "duplicate-entry", "the archive holds more than one entry named '" + entry.path + "'");
    return false;
  }
  if (entry.path == top_ && entry.type != EntryType::Directory) {
    refuse(out, entry.path, "top-not-directory", "the top-level entry '" + top_ + "' is not a directory");
  }
  switch (entry.type) {
    case EntryType::Other:
      refuse(out, entry.path, "special-file", "the archive holds a special file (FIFO, device or socket)");
      break;
    case EntryType::Symlink:
      // An allowed absolute link (under /etc or /var) is created as it is and
      // never followed: every later step opens paths with O_NOFOLLOW.
      if (const auto finding = judgeSymlink(entry.path, entry.linkTarget, top_).finding) report(out, entry, *finding);
      break;
    case EntryType::Hardlink: {
      const auto target = seen_.find(entry.linkTarget);
      if (const auto finding = hardlinkFinding(entry.linkTarget, top_)) {
        report(out, entry, *finding);
      } else if (target == seen_.end() || target->second != EntryType::File) {
        report(out, entry, hardlinkTargetMissing(entry.linkTarget));
      }
      break;
    }
    case EntryType::Directory:
    case EntryType::File:
      break;
  }
  seen_.emplace(entry.path, entry.type);
  return out.errorCount() == errorsBefore;
}

void ExtractionPlan::finish(Diagnostics& out) const {
  // Anything listed below a link or file, before or after it. Sorted, the
  // names below X follow "X/" directly, so each entry is looked at once:
  // linear in the listing even for a deep chain of links.
  std::set<std::string> reported;
  for (const auto& [blocker, type] : seen_) {
    if (type == EntryType::Directory) continue;
    if (reported.count(blocker) != 0) continue;  // its names are reported already
    const std::string below = blocker + "/";
    for (auto it = seen_.lower_bound(below); it != seen_.end() && it->first.compare(0, below.size(), below) == 0;
         ++it) {
      if (!reported.insert(it->first).second) continue;
      refuse(out, it->first, "write-through-link", "the entry lies below '" + blocker + "', which is not a directory");
    }
  }
}

void checkExtractionPlan(const ArchiveListing& entries, const std::string& top, Diagnostics& out) {
  ExtractionPlan plan(top);
  for (const ArchiveEntry& entry : entries) plan.admit(entry, out);
  plan.finish(out);
}

// One pass's state: the plan, the open folders of the last entry's parent,
// and what waits for the end.
struct ParcelExtractor::Tree {
  explicit Tree(const std::string& top) : plan(top) {}

  ExtractionPlan plan;
  Diagnostics findings;
  UniqueFd root;
  unsigned umask = 022;
  // The folders from the root to the last parent, each opened below the one
  // before it: entries of one folder follow each other in an archive, so most
  // entries open nothing but themselves.
  std::vector<std::string> chain;
  std::vector<UniqueFd> chainFds;
  // Folders whose mode is set last, deepest first, so a read-only folder is
  // filled first.
  std::map<std::string, unsigned> laterModes;
  std::optional<unsigned> topMode;
  bool stopped = false;  // an entry failed: nothing more is created
  std::exception_ptr failure;  // why, when the file system said so
  std::vector<char> buffer = std::vector<char>(kBlockSize);
};

ParcelExtractor::ParcelExtractor(fs::path destination, std::string top)
    : destination_(std::move(destination)), top_(std::move(top)) {}

ParcelExtractor::~ParcelExtractor() = default;

void ParcelExtractor::begin() {
  if (tree_) {
    tree_.reset();
    removeTree(destination_);  // what the pass given up on created
  }
  if (::mkdir(destination_.c_str(), 0700) != 0) {
    throw IoError(systemErrorMessage("cannot create directory", destination_.string(), errno));
  }
  tree_ = std::make_unique<Tree>(top_);
  tree_->root = openDirectory(destination_);
  const mode_t mask = ::umask(0);
  ::umask(mask);
  tree_->umask = static_cast<unsigned>(mask);
}

namespace {

// The folder `parent` (relative to the root, "" for the root) as the chain's
// last descriptor, opening (and making, 0700) only what the chain lacks.
int openParent(ParcelExtractor::Tree& tree, std::string_view parent, const std::string& display);

}  // namespace

void ParcelExtractor::visit(const ArchiveEntry& entry, EntryContent& content) {
  if (!tree_) return;
  Tree& tree = *tree_;
  const bool admitted = tree.plan.admit(entry, tree.findings);
  if (tree.stopped) return;
  if (!admitted) {
    tree.stopped = true;
    return;
  }
  const std::string relative = entry.path.size() > top_.size() ? entry.path.substr(top_.size() + 1) : "";
  const unsigned mode = entry.mode & 0777u;
  if (relative.empty()) {
    tree.topMode = mode;
    return;
  }
  const std::string display = destination_.string() + "/" + relative;
  try {
    const std::size_t slash = relative.rfind('/');
    const std::string name = slash == std::string::npos ? relative : relative.substr(slash + 1);
    const int parent = openParent(
        tree, slash == std::string::npos ? std::string_view() : std::string_view(relative).substr(0, slash), display);
    switch (entry.type) {
      case EntryType::Directory: {
        const bool now = modeAtCreation(mode, tree.umask);
        if (::mkdirat(parent, name.c_str(), static_cast<mode_t>(now ? mode : 0700)) == 0) {
          if (!now) tree.laterModes[relative] = mode;
          break;
        }
        struct stat info {};
        if (errno != EEXIST) throw IoError(systemErrorMessage("cannot create directory", display, errno));
        // Made before as the parent of an earlier entry (0700), or not a real directory.
        if (::fstatat(parent, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(info.st_mode)) {
          throw IoError("cannot open '" + display + "': '" + name + "' is not a real directory");
        }
        tree.laterModes[relative] = mode;
        break;
      }
      case EntryType::File:
        writeFile(parent, name, mode, content, display);
        break;
      case EntryType::Symlink:
        if (::symlinkat(entry.linkTarget.c_str(), parent, name.c_str()) != 0) {
          throw IoError(systemErrorMessage("cannot create symbolic link", display, errno));
        }
        break;
      case EntryType::Hardlink: {
        auto targetParts = splitComponents(entry.linkTarget.substr(top_.size() + 1));
        const std::string targetName = targetParts.back();
        targetParts.pop_back();
        UniqueFd targetParent = openDirectoryBelow(tree.root.get(), targetParts, false, 0700, display);
        if (::linkat(targetParent.get(), targetName.c_str(), parent, name.c_str(), 0) != 0) {
          throw IoError(systemErrorMessage("cannot create hard link", display, errno));
        }
        break;
      }
      case EntryType::Other:
        throw IoError("refusing to create the special file '" + display + "'");
    }
  } catch (const IoError&) {
    tree.stopped = true;
    tree.failure = std::current_exception();
  }
}

void ParcelExtractor::writeFile(int parent, const std::string& name, unsigned mode, EntryContent& content,
                                const std::string& display) {
  Tree& tree = *tree_;
  // Made with its mode (inside the private 0700 scratch folder); set again
  // only when the umask changed it.
  UniqueFd fd(
      ::openat(parent, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, static_cast<mode_t>(mode)));
  if (fd.get() < 0) throw IoError(systemErrorMessage("cannot create", display, errno));
  for (;;) {
    const std::ptrdiff_t n = content.read(tree.buffer.data(), tree.buffer.size());
    if (n == 0) break;
    if (n < 0) throw IoError("cannot read the data of '" + display + "'");
    std::size_t done = 0;
    while (done < static_cast<std::size_t>(n)) {
      const ssize_t written = ::write(fd.get(), tree.buffer.data() + done, static_cast<std::size_t>(n) - done);
      if (written < 0) {
        if (errno == EINTR) continue;
        throw IoError(systemErrorMessage("cannot write", display, errno));
      }
      done += static_cast<std::size_t>(written);
    }
  }
  if ((mode & ~tree.umask) != mode && ::fchmod(fd.get(), static_cast<mode_t>(mode)) != 0) {
    throw IoError(systemErrorMessage("cannot set the mode of", display, errno));
  }
}

Diagnostics ParcelExtractor::plan() {
  if (!tree_) return {};
  Diagnostics out = tree_->findings;
  tree_->plan.finish(out);
  if (out.hasErrors()) discard();
  return out;
}

void ParcelExtractor::discard() {
  if (!tree_) return;
  tree_.reset();
  removeTree(destination_);
}

void ParcelExtractor::complete() {
  if (!tree_) throw IoError("nothing was unpacked into '" + destination_.string() + "'");
  try {
    Tree& tree = *tree_;
    if (tree.failure) std::rethrow_exception(tree.failure);
    if (tree.stopped) throw IoError("the unpacking into '" + destination_.string() + "' stopped");
    tree.chainFds.clear();
    tree.chain.clear();
    for (auto it = tree.laterModes.rbegin(); it != tree.laterModes.rend(); ++it) {
      const std::string display = destination_.string() + "/" + it->first;
      UniqueFd fd = openDirectoryBelow(tree.root.get(), splitComponents(it->first), false, 0700, display);
      if (::fchmod(fd.get(), static_cast<mode_t>(it->second)) != 0) {
        throw IoError(systemErrorMessage("cannot set the mode of", display, errno));
      }
    }
    if (::fchmod(tree.root.get(), static_cast<mode_t>(tree.topMode.value_or(0755))) != 0) {
      throw IoError(systemErrorMessage("cannot set the mode of", destination_.string(), errno));
    }
    tree_.reset();
  } catch (...) {
    discard();
    throw;
  }
}

namespace {

int openParent(ParcelExtractor::Tree& tree, std::string_view parent, const std::string& display) {
  std::size_t depth = 0;  // components of `parent` the chain holds already
  std::size_t start = 0;
  const auto next = [&](std::size_t from) {
    const std::size_t slash = parent.find('/', from);
    return slash == std::string_view::npos ? parent.size() : slash;
  };
  while (!parent.empty() && start <= parent.size() && depth < tree.chain.size()) {
    const std::size_t end = next(start);
    if (parent.substr(start, end - start) != tree.chain[depth]) break;
    ++depth;
    start = end + 1;
  }
  tree.chain.resize(depth);
  tree.chainFds.resize(depth);
  while (!parent.empty() && start <= parent.size()) {
    const std::size_t end = next(start);
    std::string part(parent.substr(start, end - start));
    const int below = tree.chainFds.empty() ? tree.root.get() : tree.chainFds.back().get();
    tree.chainFds.push_back(openDirectoryChild(below, part, true, 0700, display));
    tree.chain.push_back(std::move(part));
    start = end + 1;
  }
  return tree.chainFds.empty() ? tree.root.get() : tree.chainFds.back().get();
}

}  // namespace

bool extractParcel(const fs::path& file, const std::string& top, const fs::path& destination, Diagnostics& out) {
  ParcelExtractor extractor(destination, top);
  Diagnostics findings;
  try {
    readParcelArchive(file, findings, ReadPath::OnePass, &extractor);
  } catch (...) {
    extractor.discard();
    throw;
  }
  findings.append(extractor.plan());
  // Only the errors: the warnings of the same rules (an absolute link under
  // /etc) reach a caller through the validation.
  for (const Diagnostic& finding : findings.items()) {
    if (finding.severity == Severity::Error) out.add(finding);
  }
  if (findings.hasErrors()) {
    extractor.discard();
    return false;
  }
  extractor.complete();
  return true;
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

// Validation of a whole parcel, as a .parcel file (spec 11, F1 to F14) or as an
// unpacked directory (D1 to D3), plus the archive checks Cloudera does not make:
// safe entry names, one exact top folder, no special files, links that stay
// inside, no duplicates, and metadata that agrees with the file name.
#include "parcel/validate/parcel_check.hpp"

#include "parcel/archive/parcel_reader.hpp"
#include "parcel/audit/member_mode_checks.hpp"
#include "parcel/json/json_text.hpp"
#include "parcel/rules/member_path.hpp"
#include "parcel/rules/names.hpp"
#include "parcel/support/error.hpp"
#include "parcel/support/file_io.hpp"
#include "parcel/validate/parcel_tree.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace parcel {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMostNamesListed = 10;

std::string_view firstComponent(std::string_view path) { return path.substr(0, path.find('/')); }

void report(const ArchiveEntry& entry, const PathFinding& finding, Diagnostics& out) {
  out.add({finding.severity, entry.path, "", finding.code, finding.message});
}

// Names a host can create, but that Cloudera's (Java) reader would change, or
// that break logs and scripts: warnings.
void checkNameText(const ArchiveEntry& entry, Diagnostics& out) {
  if (!isValidUtf8(entry.path)) {
    out.add({Severity::Warning, entry.path, "", "name-not-utf8",
             "the name is not valid UTF-8; Cloudera's reader would extract it under another name"});
  }
  const bool control = std::any_of(
      entry.path.begin(), entry.path.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
  if (control) {
    out.add({Severity::Warning, entry.path, "", "name-control-character",
             "the name holds a control character (such as a newline)"});
  }
}

// How many entries have each path; the keys are views into the listing.
using PathCounts = std::map<std::string_view, std::size_t>;

void checkSymlink(const ArchiveEntry& entry, const std::string& top, const PathCounts& paths, Diagnostics& out) {
  const SymlinkVerdict verdict = judgeSymlink(entry.path, entry.linkTarget, top);
  if (verdict.finding) report(entry, *verdict.finding, out);
  // Lexical, so a target reached through another link can look missing: a warning.
  if (verdict.inside && *verdict.inside != top && paths.count(*verdict.inside) == 0) {
    out.add({Severity::Warning, entry.path, "", "symlink-dangling",
             "the symlink target '" + entry.linkTarget + "' (" + *verdict.inside + ") is not in the archive"});
  }
}

// A tar hard link can only name a file stored before it; extraction fails otherwise.
void checkHardlink(const ArchiveEntry& entry, const std::string& top, const std::set<std::string_view>& earlierFiles,
                   Diagnostics& out) {
  if (const auto finding = hardlinkFinding(entry.linkTarget, top)) {
    report(entry, *finding, out);
  } else if (earlierFiles.count(entry.linkTarget) == 0) {
    report(entry, hardlinkTargetMissing(entry.linkTarget), out);
  }
}

void checkEntryType(const ArchiveEntry& entry, const std::string& top, const PathCounts& paths,
                    const std::set<std::string_view>& earlierFiles, Diagnostics& out) {
  if (entry.path == top && entry.type != EntryType::Directory) {
    out.add({Severity::Error, entry.path, "", "top-level-not-directory",
             "the top-level entry '" + top + "' is a " + std::string(toString(entry.type)) + ", not a directory"});
  }
  switch (entry.type) {
    case EntryType::Other:
      out.add({Severity::Error, entry.path, "", "special-file",
               "the archive holds a special file (FIFO, device or socket)"});
      break;
    // Links outside the top folder are already rejected as unexpected-top-level.
    case EntryType::Symlink:
      if (firstComponent(entry.path) == top) checkSymlink(entry, top, paths, out);
      break;
    case EntryType::Hardlink:
      if (firstComponent(entry.path) == top) checkHardlink(entry, top, earlierFiles, out);
      break;
    case EntryType::Directory:
    case EntryType::File:
      break;
  }
}

void reportUnexpectedTopLevel(const std::set<std::string>& names, const std::string& top, Diagnostics& out) {
  if (names.empty()) return;
  std::string listed;
  std::size_t count = 0;
  for (const std::string& name : names) {
    if (count++ == kMostNamesListed) {
      listed += " and " + std::to_string(names.size() - kMostNamesListed) + " more";
      break;
    }
    listed += (listed.empty() ? "'" : ", '") + name + "'";
  }
  out.add({Severity::Error, "", "", "unexpected-top-level",
           "unexpected top-level entries " + listed + "; the only valid top-level directory is '" + top + "'"});
}

// `tar czf X.parcel ./NAME-VERSION` (or `-C DIR .`) stores every name with
// "./" in front; one finding that says how to rebuild says more than one per entry.
void reportDotSlashPrefix(const std::vector<const ArchiveEntry*>& entries, const std::string& fileName,
                          const std::string& top, Diagnostics& out) {
  if (entries.empty()) return;
  const std::string count = entries.size() == 1 ? "1 entry starts" : std::to_string(entries.size()) + " entries start";
  out.add({Severity::Error, "", "", "unsafe-path",
           count + " with './' (the first is '" + entries.front()->path +
               "'), and Cloudera reads every name as "
               "it is stored: names must start with '" +
               top + "/'. Rebuild the archive from the folder that holds " + top + "/: 'tar czf " + fileName + " " +
               top + "', or let 'parceltool build' pack it"});
}

void reportDuplicates(const PathCounts& paths, Diagnostics& out) {
  for (const auto& [path, count] : paths) {
    if (count < 2) continue;
    out.add({Severity::Error, std::string(path), "", "duplicate-entry",
             "the archive holds " + std::to_string(count) + " entries named '" + std::string(path) + "'"});
  }
}

// F6 and our entry checks; returns what lies under the top folder, as a tree.
ParcelTree checkEntries(const ParcelArchive& archive, const std::string& fileName, const std::string& top,
                        Diagnostics& out) {
  // Views into the listing, which outlives them: copies of every path would
  // hold a large listing two more times.
  PathCounts paths;  // name -> how many entries have it
  for (const ArchiveEntry& entry : archive.entries) ++paths[entry.path];

  ParcelTree tree;
  tree.dirName = top;
  tree.memberPrefix = top + "/";
  std::set<std::string> unexpected;
  std::set<std::string_view> earlierFiles;
  std::vector<const ArchiveEntry*> dotSlashEntries;
  for (const ArchiveEntry& entry : archive.entries) {
    if (hasDotSlashPrefix(entry.path)) {
      dotSlashEntries.push_back(&entry);
      continue;
    }
    if (const auto finding = memberNameFinding(entry.path)) {
      report(entry, *finding, out);
      continue;
    }
    checkNameText(entry, out);
    const std::string_view first = firstComponent(entry.path);
    if (first != top) unexpected.emplace(first);
    checkEntryType(entry, top, paths, earlierFiles, out);
    if (entry.type == EntryType::File) earlierFiles.insert(entry.path);
    if (first == top && entry.path.size() > top.size()) {
      tree.entries[entry.path.substr(tree.memberPrefix.size())] = entry.type;
    }
  }
  reportDotSlashPrefix(dotSlashEntries, fileName, top, out);
  reportDuplicates(paths, out);
  reportUnexpectedTopLevel(unexpected, top, out);

  for (const auto& [member, content] : archive.metaFiles) {
    if (member.compare(0, tree.memberPrefix.size(), tree.memberPrefix) == 0) {
      tree.metaFiles[member.substr(tree.memberPrefix.size())] = content;
    }
  }
  return tree;
}

// F1.
bool checkRegularFile(const fs::path& file, Diagnostics& out) {
  std::error_code ignored;
  const fs::file_status status = fs::status(file, ignored);
  if (!fs::exists(status)) {
    out.add({Severity::Error, "", "", "file-not-found", "'" + file.string() + "' does not exist"});
    return false;
  }
  if (!fs::is_regular_file(status)) {
    out.add({Severity::Error, "", "", "not-a-file", "'" + file.string() + "' is not a file"});
    return false;
  }
  return true;
}

// F4: always gzip; a plain tar is tolerated on request.
void checkCompression(const std::string& compression, const ParcelCheckOptions& options, Diagnostics& out) {
  if (compression == "gzip" || compression.empty()) return;
  const bool tolerated = compression == "none" && options.allowPlainTar;
  out.add({tolerated ? Severity::Warning : Severity::Error, "", "", "not-gzip",
           "the parcel is not compressed with gzip (compression: " + compression + ")"});
}

bool hasCode(const Diagnostics& findings, std::string_view code) {
  const auto& items = findings.items();
  return std::any_of(items.begin(), items.end(), [&](const Diagnostic& d) { return d.code == code; });
}

// Ours: parcel.json names the same NAME and VERSION as the file, and its
// fullVersion, if any, is VERSION-DISTRO (only a warning: Cloudera's own test
// parcel says -el6 inside a -precise file).
void checkAgainstFileName(const ParcelMetadata& metadata, const ParcelFileName& fileName, const std::string& member,
                          Diagnostics& out) {
  const auto compare = [&](const std::optional<std::string>& value, const std::string& expected,
                           const std::string& field) {
    if (!value || value->empty() || *value == expected) return;
    out.add({Severity::Error, member, "/" + field, "file-name-mismatch",
             "parcel.json " + field + " '" + *value + "' differs from '" + expected + "' in the file name"});
  };
  compare(metadata.name, fileName.name, "name");
  compare(metadata.version, fileName.version, "version");

  if (!metadata.extraVersionInfo) return;
  const std::string expected = fileName.version + "-" + fileName.distro;
  for (const auto& [key, value] : *metadata.extraVersionInfo) {
    if (key != "fullVersion" || value == expected) continue;
    out.add({Severity::Warning, member, "/extraVersionInfo/fullVersion", "full-version-mismatch",
             "extraVersionInfo.fullVersion '" + value + "' differs from '" + expected + "'"});
  }
}

// Directory mode asks the file system the way Cloudera's java.io.File does,
// following symlinks: a link to a directory is a directory (we do not descend
// into it: it may lead anywhere), a dangling link does not exist.
void walkDirectory(const fs::path& root, const std::string& relative, ParcelTree& tree, Diagnostics& out) {
  std::error_code error;
  fs::directory_iterator it(root / relative, error);
  for (; !error && it != fs::directory_iterator(); it.increment(error)) {
    const std::string name = it->path().filename().string();
    const std::string path = relative.empty() ? name : relative + "/" + name;
    std::error_code ignored;
    const fs::file_status status = it->status(ignored);
    if (!fs::exists(status)) continue;
    if (!fs::is_directory(status)) {
      tree.entries[path] = fs::is_regular_file(status) ? EntryType::File : EntryType::Other;
      continue;
    }
    tree.entries[path] = EntryType::Directory;
    if (!it->is_symlink(ignored)) walkDirectory(root, path, tree, out);
  }
  if (error) {
    out.add({Severity::Error, relative, "", "unreadable-file", "cannot list the directory: " + error.message()});
  }
}

void readMetaFiles(const fs::path& directory, ParcelTree& tree, Diagnostics& out) {
  for (const std::string_view name : kMetaFileNames) {
    const std::string member = "meta/" + std::string(name);
    const fs::path path = directory / member;
    std::error_code error;
    if (!fs::is_regular_file(path, error)) continue;
    const std::uintmax_t size = fs::file_size(path, error);
    if (!error && size > kMaxMetaFileSize) {
      out.add({Severity::Error, member, "", "member-too-large",
               "the file is larger than the most read of a metadata file"});
      continue;
    }
    try {
      tree.metaFiles[member] = readRegularFile(path, "metadata file", kMaxMetaFileSize);
    } catch (const Error&) {
      out.add({Severity::Error, member, "", "unreadable-file", "cannot read '" + path.string() + "'"});
    }
  }
}

// Java's File.getName() of the directory as given, made absolute so that "."
// and "dir/" have names too.
std::string baseName(const fs::path& directory) {
  std::error_code ignored;
  fs::path path = fs::absolute(directory, ignored).lexically_normal();
  if (!path.has_filename()) path = path.parent_path();
  return path.filename().string();
}

}  // namespace

std::optional<ParcelFileName> checkParcelFileName(const std::string& fileName, Diagnostics& out) {
  auto name = parseParcelFileName(fileName);
  if (!name) {
    out.add({Severity::Error, "", "", "invalid-parcel-file-name",
             "'" + fileName + "' is not a valid parcel file name (NAME-VERSION-DISTRO.parcel)"});
    return std::nullopt;
  }
  checkProductName(name->name, "", out);
  checkVersion(name->version, "", out);
  checkDistro(name->distro, "", out);
  return name;
}

void checkParcelArchive(const ParcelFileName& name, const std::string& fileName, const ParcelArchive& archive,
                        const Diagnostics& readFindings, const ParcelCheckOptions& options, Diagnostics& out) {
  checkCompression(archive.compression, options, out);
  out.append(readFindings);

  const std::string top = parcelDirName(name.name, name.version);
  {  // the tree is gone before the mode checks make their own list: one at a time
    const ParcelTree tree = checkEntries(archive, fileName, top, out);
    if (hasCode(readFindings, "archive-unreadable")) return;  // a partial listing would only add noise
    const auto metadata = checkParcelTree(tree, out);
    if (metadata) checkAgainstFileName(*metadata, name, tree.memberPrefix + "meta/parcel.json", out);
  }
  checkArchiveModes(archive, top, out);
}

void validateParcelFile(const fs::path& file, const ParcelCheckOptions& options, Diagnostics& out) {
  if (!checkRegularFile(file, out)) return;
  const std::string fileName = file.filename().string();
  const auto name = checkParcelFileName(fileName, out);
  if (!name) return;
  Diagnostics readFindings;
  const ParcelArchive archive = readParcelArchive(file, readFindings);
  checkParcelArchive(*name, fileName, archive, readFindings, options, out);
}

void validateParcelDirectory(const fs::path& directory, const ParcelCheckOptions& /*options*/, Diagnostics& out) {
  std::error_code ignored;
  if (!fs::is_directory(directory, ignored)) {
    out.add({Severity::Error, "", "", "directory-not-found",
             "'" + directory.string() + "' does not exist or is not a directory"});
    return;
  }
  if (!fs::is_directory(directory / "meta", ignored)) {
    out.add({Severity::Error, "meta", "", "missing-meta-directory", "the parcel has no meta/ directory"});
    return;
  }
  if (!fs::is_regular_file(directory / "meta" / "parcel.json", ignored)) {
    out.add({Severity::Error, "meta/parcel.json", "", "missing-parcel-json",
             "no parcel.json file found in required location 'meta/parcel.json'"});
    return;
  }
  ParcelTree tree;
  tree.dirName = baseName(directory);
  walkDirectory(directory, "", tree, out);
  readMetaFiles(directory, tree, out);
  checkParcelTree(tree, out);
  const auto permissions = tree.metaFiles.find("meta/permissions.json");
  checkDirectoryModes(directory, permissions == tree.metaFiles.end() ? nullptr : &permissions->second, out);
}

}  // namespace parcel

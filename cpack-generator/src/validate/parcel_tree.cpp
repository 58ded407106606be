// The parcel-level checks on a parcel's content (spec 11, F7 to F14, plus the
// directory-entry rule of 3.3): the same for an archive and a directory.
#include "parcel/validate/parcel_tree.hpp"

#include "parcel/model/alternatives.hpp"
#include "parcel/model/permissions.hpp"
#include "parcel/rules/names.hpp"

#include <algorithm>
#include <set>
#include <string_view>

namespace parcel {
namespace {

constexpr std::string_view kParcelJson = "meta/parcel.json";
constexpr std::string_view kAlternativesJson = "meta/alternatives.json";
constexpr std::string_view kPermissionsJson = "meta/permissions.json";

std::string memberName(const ParcelTree& tree, std::string_view relative) {
  return tree.memberPrefix + std::string(relative);
}

const std::string* metaContent(const ParcelTree& tree, std::string_view file) {
  const auto found = tree.metaFiles.find(std::string(file));
  return found != tree.metaFiles.end() ? &found->second : nullptr;
}

bool isBlank(const std::optional<std::string>& text) {
  return !text || text->find_first_not_of(" \t\r\n") == std::string::npos;
}

// Cloudera looks paths up with Java's File(parent, child), which drops empty
// components: "/var/lib/x" and "bin//tool/" name "var/lib/x" and "bin/tool"
// under the top folder. It does not resolve "." or "..", and neither do we.
std::string lookupPath(std::string_view path) {
  std::string result;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) {
      if (!result.empty()) result += '/';
      result.append(path.substr(start, end - start));
    }
    start = end + 1;
  }
  return result;
}

// The type of a path in the tree; the empty path is the top folder itself.
std::optional<EntryType> typeOf(const ParcelTree& tree, const std::string& path) {
  if (path.empty()) return EntryType::Directory;
  const auto found = tree.entries.find(path);
  if (found == tree.entries.end()) return std::nullopt;
  return found->second;
}

// F9: name-version must be the folder's name. Skipped when name or version was
// already rejected, so one mistake is reported once.
void checkDirName(const ParcelTree& tree, const ParcelMetadata& metadata, const Diagnostics& findings,
                  Diagnostics& out) {
  if (isBlank(metadata.name) || isBlank(metadata.version)) return;
  if (findings.hasErrorAt("/name") || findings.hasErrorAt("/version")) return;
  const std::string expected = parcelDirName(*metadata.name, *metadata.version);
  if (expected == tree.dirName) return;
  out.add({Severity::Error, memberName(tree, kParcelJson), "", "dir-name-mismatch",
           "the parcel directory '" + tree.dirName + "' must be named '" + expected + "' to match parcel.json"});
}

// F10: meta/<scripts.defines> exists and is not a directory.
void checkDefinesScript(const ParcelTree& tree, const ParcelMetadata& metadata, const Diagnostics& findings,
                        Diagnostics& out) {
  if (!metadata.scripts || isBlank(metadata.scripts->defines)) return;
  if (findings.hasErrorAt("/scripts/defines")) return;
  const std::string path = lookupPath("meta/" + *metadata.scripts->defines);
  const auto type = typeOf(tree, path);
  if (type && *type != EntryType::Directory) return;
  const bool missing = !type;
  out.add({Severity::Error, memberName(tree, kParcelJson), "/scripts/defines",
           missing ? "missing-defines-script" : "defines-script-not-file",
           "the defines script '" + memberName(tree, path) + (missing ? "' does not exist" : "' is not a file")});
}

// F12: each source exists, a directory exactly when isDirectory says so. A
// symlink is not a directory here, as in Cloudera's archive check.
void checkAlternativeSources(const ParcelTree& tree, const Alternatives& alternatives, const Diagnostics& findings,
                             Diagnostics& out) {
  const std::string member = memberName(tree, kAlternativesJson);
  for (const auto& [group, alternative] : alternatives) {
    const std::string pointer = childPointer(childPointer("", group), "source");
    if (isBlank(alternative.source) || findings.hasErrorAt(pointer)) continue;
    const std::string path = lookupPath(*alternative.source);
    const auto type = typeOf(tree, path);
    const std::string shown = "the source '" + memberName(tree, path) + "'";
    if (!type) {
      out.add({Severity::Error, member, pointer, "alternative-source-missing", shown + " does not exist"});
    } else if (alternative.isDirectory && *alternative.isDirectory && *type != EntryType::Directory) {
      out.add({Severity::Error, member, pointer, "alternative-source-not-directory",
               shown + " is not a directory, but isDirectory is true"});
    } else if (alternative.isDirectory && !*alternative.isDirectory && *type == EntryType::Directory) {
      out.add({Severity::Error, member, pointer, "alternative-source-not-file",
               shown + " is not a file, but isDirectory is false"});
    }
  }
}

// F11 + F12.
void checkAlternatives(const ParcelTree& tree, Diagnostics& out) {
  const std::string* text = metaContent(tree, kAlternativesJson);
  if (text == nullptr) return;
  Diagnostics findings;
  const auto alternatives = readAlternatives(*text, findings);
  out.append(findings, memberName(tree, kAlternativesJson));
  if (alternatives) checkAlternativeSources(tree, *alternatives, findings, out);
}

// F13 + F14: each key names something in the parcel (its type is not checked).
void checkPermissions(const ParcelTree& tree, Diagnostics& out) {
  const std::string* text = metaContent(tree, kPermissionsJson);
  if (text == nullptr) return;
  const std::string member = memberName(tree, kPermissionsJson);
  Diagnostics findings;
  const auto permissions = readPermissions(*text, findings);
  out.append(findings, member);
  if (!permissions) return;
  for (const auto& entry : *permissions) {
    const std::string path = lookupPath(entry.first);
    if (typeOf(tree, path)) continue;
    out.add({Severity::Error, member, childPointer("", entry.first), "permission-path-missing",
             "'" + entry.first + "' does not exist in the parcel (looked up as '" + memberName(tree, path) + "')"});
  }
}

// Ours (spec 3.3): Cloudera only knows the directories an archive lists, so each
// entry's ancestors need entries of their own, and they must be directories.
void checkDirectoryEntries(const ParcelTree& tree, Diagnostics& out) {
  std::set<std::string> reported;
  for (const auto& entry : tree.entries) {
    const std::string_view path = entry.first;
    for (auto slash = path.rfind('/'); slash != std::string_view::npos; slash = path.rfind('/', slash - 1)) {
      const std::string parent(path.substr(0, slash));  // never empty: tree paths are relative
      if (!reported.insert(parent).second) break;  // it and its ancestors are done
      const auto type = typeOf(tree, parent);
      if (type && *type == EntryType::Directory) break;
      if (type) {
        out.add({Severity::Error, memberName(tree, parent), "", "parent-not-directory",
                 "'" + memberName(tree, parent) + "' is not a directory, yet '" + memberName(tree, path) +
                     "' is listed under it"});
        break;
      }
      out.add({Severity::Error, memberName(tree, parent), "", "missing-directory-entry",
               "the directory '" + memberName(tree, parent) +
                   "' has no entry of its own; Cloudera only knows directories that are listed"});
    }
  }
}

// Ours (issue 16 item 2): a parcel with nothing but meta/ installs no file;
// Cloudera accepts it, so a warning (an error under --strict).
void checkPayloadNotEmpty(const ParcelTree& tree, Diagnostics& out) {
  // Folders do not count: an empty bin/ installs nothing either.
  const bool onlyMeta = std::all_of(tree.entries.begin(), tree.entries.end(), [](const auto& entry) {
    return entry.second == EntryType::Directory || entry.first.rfind("meta/", 0) == 0;
  });
  if (!onlyMeta) return;
  out.add({Severity::Warning, "", "", "empty-payload",
           "the parcel holds nothing but meta/, so activating it installs no file; with CMake, add install() "
           "rules for the targets and files the parcel should carry (parcel_add stages what they install); "
           "with 'parceltool build', put them in the input folder"});
}

// F7 + F8, then F9 and F10 on what decoded.
std::optional<ParcelMetadata> checkParcelJson(const ParcelTree& tree, Diagnostics& out) {
  const std::string member = memberName(tree, kParcelJson);
  const std::string* text = metaContent(tree, kParcelJson);
  if (text == nullptr) {
    const bool listed = tree.entries.count(std::string(kParcelJson)) != 0;
    out.add({Severity::Error, member, "", "missing-parcel-json",
             listed ? "'" + member + "' is not a regular file that could be read"
                    : "no parcel.json file found in required location '" + member + "'"});
    return std::nullopt;
  }
  Diagnostics findings;
  auto metadata = readParcelMetadata(*text, findings);
  out.append(findings, member);
  if (metadata) {
    checkDirName(tree, *metadata, findings, out);
    checkDefinesScript(tree, *metadata, findings, out);
  }
  return metadata;
}

}  // namespace

std::optional<ParcelMetadata> checkParcelTree(const ParcelTree& tree, Diagnostics& out) {
  auto metadata = checkParcelJson(tree, out);
  checkAlternatives(tree, out);
  checkPermissions(tree, out);
  checkDirectoryEntries(tree, out);
  if (metadata) checkPayloadNotEmpty(tree, out);
  return metadata;
}

}  // namespace parcel

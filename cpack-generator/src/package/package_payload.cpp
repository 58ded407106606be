#include "parcel/package/package_payload.hpp"

#include "parcel/rules/member_path.hpp"

#include "parcel/support/error.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>

namespace parcel {
namespace {

std::string fourDigitMode(unsigned mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", mode & 07777);
  return text;
}

std::string joinList(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

bool sameBytes(const std::filesystem::path& a, const std::filesystem::path& b) {
  std::ifstream first(a, std::ios::binary);
  std::ifstream second(b, std::ios::binary);
  if (!first || !second) throw IoError("cannot read '" + a.string() + "' or '" + b.string() + "' to compare them");
  std::vector<char> left(64 * 1024);
  std::vector<char> right(64 * 1024);
  while (first && second) {
    first.read(left.data(), static_cast<std::streamsize>(left.size()));
    second.read(right.data(), static_cast<std::streamsize>(right.size()));
    if (first.gcount() != second.gcount() || !std::equal(left.begin(), left.begin() + first.gcount(), right.begin())) {
      return false;
    }
  }
  return first.eof() && second.eof();
}

// The tar writer stores a hard link as a reference to a name written before it,
// and writes in path order: the smallest name of each set must hold the data.
void orderHardlinks(std::vector<PayloadEntry>& entries, std::size_t begin) {
  std::map<std::string, std::size_t> byPath;
  for (std::size_t i = begin; i < entries.size(); ++i) byPath[entries[i].path] = i;
  std::map<std::string, std::vector<std::size_t>> sets;  // holder path -> its links
  for (std::size_t i = begin; i < entries.size(); ++i) {
    if (entries[i].type == EntryType::Hardlink) sets[entries[i].linkTarget].push_back(i);
  }
  for (auto& [holderPath, links] : sets) {
    const auto holderAt = byPath.find(holderPath);
    if (holderAt == byPath.end()) continue;
    std::size_t smallest = holderAt->second;
    for (std::size_t link : links) {
      if (entries[link].path < entries[smallest].path) smallest = link;
    }
    if (smallest == holderAt->second) continue;
    PayloadEntry& holder = entries[holderAt->second];
    PayloadEntry& first = entries[smallest];
    first.type = EntryType::File;
    first.mode = holder.mode;
    first.size = holder.size;
    first.source = holder.source;
    first.linkTarget.clear();
    holder.type = EntryType::Hardlink;
    holder.source.clear();
    holder.size = 0;
    for (std::size_t link : links) entries[link].linkTarget = first.path;
    holder.linkTarget = first.path;
  }
}

}  // namespace

void settlePackageLinks(std::vector<PayloadEntry>& merged, const PackagePayload& packages, Diagnostics& out) {
  std::set<std::string> present;
  for (const PayloadEntry& entry : merged) present.insert(entry.path);
  std::map<std::string, std::size_t> wasAbsolute;
  for (std::size_t i = 0; i < packages.absoluteLinks.size(); ++i) wasAbsolute[packages.absoluteLinks[i].first] = i;
  std::set<std::string> fromPackages;
  for (const auto& [name, paths] : packages.fileList) fromPackages.insert(paths.begin(), paths.end());
  for (PayloadEntry& entry : merged) {
    if (entry.type != EntryType::Symlink || fromPackages.count(entry.path) == 0) continue;
    if (!entry.linkTarget.empty() && entry.linkTarget.front() == '/') continue;
    const auto resolved = resolveLinkTarget("/" + entry.path, entry.linkTarget);
    if (resolved && (*resolved == "/" || present.count(resolved->substr(1)) != 0)) continue;
    if (const auto original = wasAbsolute.find(entry.path); original != wasAbsolute.end()) {
      entry.linkTarget = packages.absoluteLinks[original->second].second;
      continue;
    }
    out.add({Severity::Error, "", "", "package-symlink-dangling",
             "the package symlink '" + entry.path + "' -> '" + entry.linkTarget +
                 "' points at nothing in the parcel; add the package that holds its target, or relocate it too"});
  }
}

bool samePayloadContent(const PayloadEntry& a, const PayloadEntry& b) {
  if (a.type != b.type) return false;
  switch (a.type) {
    case EntryType::Directory:
      return a.mode == b.mode;
    case EntryType::Symlink:
    case EntryType::Hardlink:
      return a.linkTarget == b.linkTarget;
    case EntryType::File:
      if (a.mode != b.mode || a.size != b.size) return false;
      if (a.source.empty() || b.source.empty()) return true;  // a dry run: no bytes to compare
      return sameBytes(a.source, b.source);
    case EntryType::Other:
      return false;
  }
  return false;
}

void addPackage(const PackageContents& package, const PackageMappingOptions& options, PackagePayload& into,
                Diagnostics& out) {
  const std::vector<Relocation> relocations = effectiveRelocations(options.relocations);
  const std::string where = package.file.string();
  const std::string label = "package '" + package.name + "'";
  auto report = [&out, &where](Severity severity, std::string code, std::string message) {
    out.add({severity, where, "", std::move(code), std::move(message)});
  };

  if (!package.scriptlets.empty()) {
    report(options.scriptlets == ScriptletPolicy::Error ? Severity::Error : Severity::Warning, "package-scriptlet",
           label + " has install scripts (" + joinList(package.scriptlets) +
               ") that a parcel cannot run; do their work in the CSD's control scripts" +
               (options.scriptlets == ScriptletPolicy::Error ? " (or accept them as warnings: SCRIPTLETS WARN)" : ""));
  }

  std::map<std::string, std::size_t> existing;
  for (std::size_t i = 0; i < into.entries.size(); ++i) existing[into.entries[i].path] = i;
  std::set<std::string> declared;
  for (const auto& [path, permission] : into.permissions) declared.insert(path);
  std::set<std::string> users;
  for (const auto& [name, user] : into.users) users.insert(name);
  std::set<std::string> groups(into.groups.begin(), into.groups.end());

  const std::size_t begin = into.entries.size();
  std::vector<std::string> listed;
  std::vector<std::string> dropped;
  std::vector<std::string> ghosts;
  std::vector<std::string> configs;
  for (const PackageFile& file : package.files) {
    if (file.ghost) {
      ghosts.push_back(file.path);
      continue;
    }
    const auto mapped = relocatePath(relocations, file.path);
    if (!mapped) {
      if (file.type == EntryType::Directory && isAboveRelocation(relocations, file.path)) continue;
      dropped.push_back(file.path);
      continue;
    }
    if (mapped->empty()) {
      // The relocated root is the parcel's top folder, which the writer makes.
      if (file.type != EntryType::Directory) {
        report(Severity::Error, "package-file-outside",
               "'" + file.path + "' of " + label + " is relocated onto the parcel's top folder but is not a folder");
      }
      continue;
    }
    if (file.type == EntryType::Other) {
      report(Severity::Error, "package-special-file",
             "'" + file.path + "' of " + label + " is a device, FIFO or socket, which a parcel cannot hold");
      continue;
    }
    PayloadEntry entry;
    entry.path = *mapped;
    entry.type = file.type;
    entry.mode = file.mode;
    entry.size = file.size;
    entry.source = file.staged.string();
    if (file.type == EntryType::Symlink) {
      const bool absolute = !file.linkTarget.empty() && file.linkTarget.front() == '/';
      // The member-path rules' resolution, against the installed root; judgeSymlink
      // later finds the same member from the rewritten link.
      const auto resolved = resolveLinkTarget(file.path, file.linkTarget);
      const auto inParcel = resolved ? relocatePath(relocations, *resolved) : std::nullopt;
      if (inParcel) {
        // Relative links keep their text unless the target moved differently from the link.
        const std::string relative = relativeLinkTarget(*mapped, *inParcel);
        const auto same = resolveLinkTarget("/" + *mapped, file.linkTarget);
        entry.linkTarget = !absolute && same && *same == "/" + *inParcel ? file.linkTarget : relative;
        if (absolute) {
          into.absoluteLinks.emplace_back(*mapped, file.linkTarget);
          into.linkOwners.push_back(where);
        }
      } else if (absolute) {
        // A host path: the member-path rule keeps one under /etc or /var (with
        // its warning) and refuses any other.
        const PathFinding finding = *judgeSymlink(*mapped, file.linkTarget, "").finding;
        report(finding.severity, finding.code, "'" + file.path + "' of " + label + ": " + finding.message);
        if (finding.severity == Severity::Error) continue;
        entry.linkTarget = file.linkTarget;
      } else {
        report(Severity::Error, "package-symlink-escapes",
               "the symlink '" + file.path + "' -> '" + file.linkTarget + "' of " + label +
                   " points outside the parcel once relocated");
        continue;
      }
    } else if (file.type == EntryType::Hardlink) {
      const auto target = relocatePath(relocations, file.linkTarget);
      if (!target || target->empty()) {
        report(Severity::Error, "package-file-outside",
               "the hard link '" + file.path + "' of " + label + " shares its data with '" + file.linkTarget +
                   "', which no relocation covers");
        continue;
      }
      entry.linkTarget = *target;
    }
    if (file.config) configs.push_back(file.path);

    if (auto found = existing.find(entry.path); found != existing.end()) {
      if (!samePayloadContent(into.entries[found->second], entry)) {
        report(Severity::Error, "package-path-conflict",
               "'" + entry.path + "' of " + label + " differs from what an earlier source provides at the same path");
      }
      continue;  // shared folders and identical files are kept once, like rpm does
    }
    const bool special = (file.mode & 07000) != 0;
    if ((file.user != "root" || file.group != "root" || special) && file.type != EntryType::Symlink &&
        file.type != EntryType::Hardlink && declared.insert(entry.path).second) {
      into.permissions.push_back({entry.path, Permission{file.user, file.group, fourDigitMode(file.mode)}});
      if (file.user != "root" && users.insert(file.user).second) {
        into.users.push_back({file.user,
                              User{file.user + " (from " + label + ")", "/var/lib/" + file.user, "/sbin/nologin",
                                   std::vector<std::string>{}}});
      }
      if (file.group != "root" && groups.insert(file.group).second) into.groups.push_back(file.group);
    }
    existing[entry.path] = into.entries.size();
    listed.push_back(entry.path);
    into.entries.push_back(std::move(entry));
  }

  for (const std::string& path : dropped) {
    report(options.dropOutside ? Severity::Warning : Severity::Error, "package-file-outside",
           "'" + path + "' of " + label + " lies outside every --relocate prefix" +
               (options.dropOutside ? "; it is left out (--drop-outside)"
                                    : "; add a relocation for it or leave such files out with --drop-outside"));
  }
  if (!ghosts.empty()) {
    report(Severity::Warning, "package-ghost-omitted",
           label + " declares %ghost entries, which rpm never installs either; they are not in the parcel: " +
               joinList(ghosts));
  }
  if (!configs.empty()) {
    report(Severity::Warning, "package-config-file",
           label +
               " marks config files, which the parcel ships read-only and replaces on upgrade (local edits "
               "are not kept; manage configuration through the CSD): " +
               joinList(configs));
  }

  orderHardlinks(into.entries, begin);
  std::sort(into.entries.begin(), into.entries.end(),
            [](const PayloadEntry& a, const PayloadEntry& b) { return a.path < b.path; });
  std::sort(into.users.begin(), into.users.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::sort(into.groups.begin(), into.groups.end());
  std::sort(listed.begin(), listed.end());

  into.packages.push_back(Package{package.name, package.version});
  into.components.push_back(Component{package.name, package.version, fullVersion(package),
                                      package.release.empty() ? std::nullopt : std::optional(package.release)});
  into.fileList.push_back({package.name, std::move(listed)});
}

}  // namespace parcel

#include "parcel/rules/member_path.hpp"

#include <algorithm>

namespace parcel {
namespace {

using Components = std::vector<std::string_view>;

std::string joinComponents(const Components& parts) {
  std::string path;
  for (const std::string_view part : parts) {
    if (!path.empty()) path += '/';
    path.append(part);
  }
  return path;
}

// Applies `target` to the folder `base` lexically. A ".." above the root
// fails (nullopt) unless clampAtRoot, as in an absolute path, where "/.." is "/".
std::optional<Components> lexicalJoin(Components base, std::string_view target, bool clampAtRoot) {
  for (const std::string_view part : splitPathComponents(target)) {
    if (part.empty() || part == ".") continue;
    if (part != "..") {
      base.push_back(part);
    } else if (!base.empty()) {
      base.pop_back();
    } else if (!clampAtRoot) {
      return std::nullopt;
    }
  }
  return base;
}

bool contains(const Components& parts, std::string_view part) {
  return std::find(parts.begin(), parts.end(), part) != parts.end();
}

PathFinding error(std::string code, std::string message) {
  return {Severity::Error, std::move(code), std::move(message)};
}

// The spec 3.5 exception: a link may leave the parcel for a path under /etc or
// /var, which Cloudera's own parcels use for configuration the host provides.
bool isUnderEtcOrVar(const std::string& clean) { return clean.rfind("/etc/", 0) == 0 || clean.rfind("/var/", 0) == 0; }

std::string quotedLink(std::string_view linkPath, std::string_view target) {
  return "symbolic link '" + std::string(linkPath) + "' -> '" + std::string(target) + "'";
}

PathFinding absoluteLinkFinding(std::string_view linkPath, std::string_view target) {
  const std::string clean = cleanAbsolutePath(target);
  const std::string shown = quotedLink(linkPath, target) + " points outside the parcel" +
      (clean != target ? ", to '" + clean + "'" : std::string());
  if (isUnderEtcOrVar(clean)) {
    return {Severity::Warning, "symlink-absolute",
            shown + "; allowed under /etc and /var, but the target must exist on every host"};
  }
  return error("symlink-absolute",
               shown + "; a link may leave the parcel only for a path under /etc or /var. If '" + clean +
                   "' is where the system should find a file of the parcel, declare an alternative instead: "
                   "parcel_add_alternative(<target> <name> DESTINATION " +
                   clean + " SOURCE <path in parcel> PRIORITY <integer>)");
}

}  // namespace

std::vector<std::string_view> splitPathComponents(std::string_view path) {
  Components parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t slash = path.find('/', start);
    parts.push_back(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) return parts;
    start = slash + 1;
  }
}

bool hasDotSlashPrefix(std::string_view path) { return path.rfind("./", 0) == 0 || path == "."; }

std::optional<PathFinding> memberNameFinding(std::string_view path) {
  if (path.empty()) return error("unsafe-path", "the name is empty");
  if (path.front() == '/') return error("absolute-path", "the name is absolute");
  const Components parts = splitPathComponents(path);
  if (parts.front() == ".") return error("unsafe-path", "the name starts with './'");
  if (contains(parts, "..")) return error("unsafe-path", "the name has a '..' component");
  if (contains(parts, ".") || contains(parts, "")) {
    return error("unsafe-path", "the name has a '.' or an empty component");
  }
  if (path.size() > kMaxMemberPathLength) {
    return error("path-too-long",
                 "the name is " + std::to_string(path.size()) + " bytes long; a host can create at most " +
                     std::to_string(kMaxMemberPathLength) + " (PATH_MAX)");
  }
  const auto longest = std::max_element(
      parts.begin(), parts.end(), [](std::string_view a, std::string_view b) { return a.size() < b.size(); });
  if (longest->size() > kMaxNameLength) {
    return error("name-too-long",
                 "a component is " + std::to_string(longest->size()) + " bytes long; a host can create at most " +
                     std::to_string(kMaxNameLength) + " (NAME_MAX)");
  }
  return std::nullopt;
}

bool isRelativeWithoutDotComponents(std::string_view path) {
  if (path.empty() || path.front() == '/') return false;
  const Components parts = splitPathComponents(path);
  return !contains(parts, ".") && !contains(parts, "..");
}

bool leavesItsFolder(std::string_view name) {
  return name.empty() || name.front() == '/' || contains(splitPathComponents(name), "..");
}

std::string cleanAbsolutePath(std::string_view path) { return "/" + joinComponents(*lexicalJoin({}, path, true)); }

std::optional<std::string> resolveLinkTarget(std::string_view linkPath, std::string_view target) {
  const bool absolute = (!target.empty() && target.front() == '/') || (!linkPath.empty() && linkPath.front() == '/');
  Components folder;
  if (target.empty() || target.front() != '/') {
    folder = splitPathComponents(linkPath);
    folder.pop_back();  // the link's own name
    folder.erase(std::remove(folder.begin(), folder.end(), std::string_view()), folder.end());
  }
  const auto resolved = lexicalJoin(std::move(folder), target, false);
  if (!resolved) return std::nullopt;
  return absolute ? "/" + joinComponents(*resolved) : joinComponents(*resolved);
}

SymlinkVerdict judgeSymlink(std::string_view linkPath, std::string_view target, std::string_view top) {
  if (!target.empty() && target.front() == '/') return {absoluteLinkFinding(linkPath, target), std::nullopt};
  if (target.empty()) {
    return {error("symlink-escapes", "symbolic link '" + std::string(linkPath) + "' has an empty target"), {}};
  }
  const auto inside = resolveLinkTarget(linkPath, target);
  if (!inside || (!top.empty() && splitPathComponents(*inside).front() != top)) {
    const std::string outside = top.empty() ? "the parcel" : "'" + std::string(top) + "/'";
    return {error("symlink-escapes", quotedLink(linkPath, target) + " leads outside " + outside), {}};
  }
  return {std::nullopt, *inside};
}

std::optional<PathFinding> hardlinkFinding(std::string_view target, std::string_view top) {
  if (!memberNameFinding(target) && splitPathComponents(target).front() == top) return std::nullopt;
  return error("hardlink-escapes",
               "the hard-link target '" + std::string(target) + "' is not inside '" + std::string(top) + "/'");
}

PathFinding hardlinkTargetMissing(std::string_view target) {
  return error(
      "hardlink-target-missing",
      "the hard-link target '" + std::string(target) + "' is not a regular file stored earlier in the archive");
}

}  // namespace parcel

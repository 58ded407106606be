// The one rule set for paths inside a parcel (spec 3.3 and 3.5): archive member
// names, symlink targets and hard-link targets, with one set of diagnostic codes.
// Every door uses it: build (payload, package payload), validate, the emulated
// host's distribute, the metadata models and CSD jars.
//
//   member name  ─ memberNameFinding ─► unsafe-path | absolute-path | path-too-long | name-too-long
//   symlink      ─ judgeSymlink ──────► symlink-escapes (E) | symlink-absolute (W under /etc,/var; E elsewhere)
//   hard link    ─ hardlinkFinding ───► hardlink-escapes (E)  (hardlinkTargetMissing: hardlink-target-missing)
#pragma once

#include "parcel/support/diagnostic.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parcel {

// What a host can create: a member name (NAME-VERSION/... included) of at most
// PATH_MAX - 1 bytes, each component at most NAME_MAX bytes. Cloudera's agent
// extracts with whole paths, so a longer name fails there with ENAMETOOLONG.
inline constexpr std::size_t kMaxMemberPathLength = 4095;
inline constexpr std::size_t kMaxNameLength = 255;

// One finding of these rules; the caller adds the member it concerns.
struct PathFinding {
  Severity severity = Severity::Error;
  std::string code;
  std::string message;
};

// "a/b/c" -> {"a", "b", "c"}; empty components are kept ("a//b" has three).
std::vector<std::string_view> splitPathComponents(std::string_view path);

// A member name as the archive stores it (a directory's trailing '/' already
// removed, as libarchive reports it): relative, no ".", ".." or empty
// components, within PATH_MAX and NAME_MAX. nullopt when it is fine.
std::optional<PathFinding> memberNameFinding(std::string_view path);

// True when `path` starts with "./" (as `tar czf X.parcel ./NAME-VERSION` or
// `tar czf X.parcel -C DIR .` writes it), so the caller can say so once.
bool hasDotSlashPrefix(std::string_view path);

// A path that a metadata field names inside the parcel (permissions.json,
// alternatives.json "source", filelist.json, scripts.defines): not absolute and
// without "." or ".." components. Empty components are allowed: Cloudera joins
// these with java.io.File, which collapses "//".
bool isRelativeWithoutDotComponents(std::string_view path);

// True when `name` is absolute or has a ".." component: a name that would
// leave the folder it is unpacked into (the zip rule of CSD jars).
bool leavesItsFolder(std::string_view name);

// An absolute path cleaned lexically: "/etc/./hosts" -> "/etc/hosts",
// "/etc/../root" -> "/root", "/.." -> "/". "//" collapses.
std::string cleanAbsolutePath(std::string_view path);

// Where the symbolic link `linkPath` -> `target` leads, lexically: `target`
// applied to the link's folder ("a/bin/R" + "../lib/R" -> "a/lib/R"), or to the
// root when it is absolute; "." and empty components are dropped. An absolute
// linkPath or target gives an absolute result ("/" for the root), a relative
// linkPath a path relative to the same folder ("" for that folder); nullopt when
// a ".." climbs above it. judgeSymlink judges members with it; package
// conversion follows a package's links with it, against the installed root
// ("/opt/x/bin/R" + "../lib" -> "/opt/x/lib"), before relocating them.
std::optional<std::string> resolveLinkTarget(std::string_view linkPath, std::string_view target);

// The verdict on a symbolic link `linkPath` -> `target`. `linkPath` is a clean
// member name; `top` is the folder links must stay in ("NAME-VERSION", the
// first component of linkPath), or "" when linkPath is relative to that folder
// already (build's view of its input directory).
//   relative, staying inside: no finding; `inside` is the member it names
//     (lexically; whether it exists is the caller's to judge);
//   relative, leaving `top`, or empty: error symlink-escapes;
//   absolute, cleaned under /etc/ or /var/: warning symlink-absolute (the
//     target must exist on every host; spec 3.5, Cloudera's SPARK2 rule);
//   any other absolute: error symlink-absolute, pointing to
//     parcel_add_alternative(...) for a system path.
struct SymlinkVerdict {
  std::optional<PathFinding> finding;
  std::optional<std::string> inside;
};
SymlinkVerdict judgeSymlink(std::string_view linkPath, std::string_view target, std::string_view top);

// A hard link's target must be a clean member name under `top`/ (error
// hardlink-escapes). That it names a regular file stored earlier is the
// caller's to check, reported with hardlinkTargetMissing.
std::optional<PathFinding> hardlinkFinding(std::string_view target, std::string_view top);
PathFinding hardlinkTargetMissing(std::string_view target);

}  // namespace parcel

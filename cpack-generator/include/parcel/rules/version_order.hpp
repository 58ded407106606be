// The one version order of the project: dpkg's algorithm (docs/format-decisions.md,
// "Version order"). The emulated host's depends/conflicts/replaces, fetch's
// newest-version pick and the repository manifest all use it, so "newest" and
// "older" mean the same thing everywhere.
#pragma once

#include <string_view>

namespace parcel {

// Runs of non-digits compare character by character ('~' before the end, the
// end before letters, letters before other characters); runs of digits compare
// as numbers of any length (leading zeros ignored). <0, 0, >0.
// "1.0~rc1" < "1.0" < "1.0a" < "1.0+" < "1.0.1" < "1.0.p1" < "1.10".
int compareVersions(std::string_view left, std::string_view right);

// True when `version` satisfies "op wanted" (op: >= <= >> << = or empty).
bool versionSatisfies(std::string_view version, std::string_view op, std::string_view wanted);

}  // namespace parcel

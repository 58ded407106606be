// --relocate OLD=NEW: where a package's installed paths go inside the parcel.
#pragma once

#include "parcel/support/diagnostic.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parcel {

struct Relocation {
  std::string from;  // absolute, normalised: "/opt/microsoft/mlserver/9.2.1" ("/" for everything)
  std::string to;  // relative to the parcel's top folder, normalised; "" for the top folder itself
};

// "OLD=NEW", split at the first '=': OLD an absolute path without "." or ".."
// components, NEW "." or a relative path without "." or ".." components (NEW
// may hold '='). nullopt with `problem` set otherwise.
std::optional<Relocation> parseRelocation(std::string_view text, std::string& problem);

// parseRelocation as a rule with a code: the error "invalid-relocation" at
// `pointer`, "'TEXT' <problem>", when `text` is not a relocation. The rule of
// build --spec's "relocate" items and of CMake's RELOCATE (parceltool
// check-value relocation).
std::optional<Relocation> checkRelocation(std::string_view text, const std::string& pointer, Diagnostics& out);

// Without any --relocate, the package's root is the parcel's top folder.
std::vector<Relocation> effectiveRelocations(const std::vector<Relocation>& given);

// The parcel path of an installed path by the longest matching OLD; "" for the
// top folder itself; nullopt when no relocation covers it.
std::optional<std::string> relocatePath(const std::vector<Relocation>& relocations, std::string_view installed);

// True when `installed` is a folder above some OLD ("/opt" for "/opt/x=."):
// such folders belong to the host, not to the parcel.
bool isAboveRelocation(const std::vector<Relocation>& relocations, std::string_view installed);

// The relative target from parcel path `from` (a link) to parcel path `to`.
std::string relativeLinkTarget(std::string_view from, std::string_view to);

}  // namespace parcel

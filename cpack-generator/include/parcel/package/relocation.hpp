// --relocate OLD=NEW: where a package's installed paths go inside the parcel.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parcel {

struct Relocation {
  std::string from;  // absolute, normalised: "/opt/microsoft/mlserver/9.2.1" ("/" for everything)
  std::string to;  // relative to the parcel's top folder, normalised; "" for the top folder itself
};

// "OLD=NEW": OLD an absolute path, NEW "." or a relative path without "." or
// ".." components. nullopt with `problem` set otherwise.
std::optional<Relocation> parseRelocation(std::string_view text, std::string& problem);

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

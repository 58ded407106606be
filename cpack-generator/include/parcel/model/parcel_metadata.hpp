// meta/parcel.json (spec section 5): model, JSON adapters and validation.
//
// Every field is optional in the model because a decoded document may lack it;
// validateParcelMetadata() reports the missing required ones, the way
// Cloudera's bean constraints do (an empty object gives exactly nine errors).
#pragma once

#include "parcel/json/json_text.hpp"
#include "parcel/support/diagnostic.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parcel {

struct Package {
  std::optional<std::string> name;
  std::optional<std::string> version;
};

struct Component {
  std::optional<std::string> name;
  std::optional<std::string> version;
  std::optional<std::string> pkgVersion;  // "pkg_version"
  std::optional<std::string> pkgRelease;  // "pkg_release"
};

struct User {
  std::optional<std::string> longname;
  std::optional<std::string> home;
  std::optional<std::string> shell;
  std::optional<std::vector<std::string>> extraGroups;  // "extra_groups"
};

struct Scripts {
  std::optional<std::string> defines;
};

// Ordered string maps: the documents' own order is kept, so output is stable.
using StringPairs = std::vector<std::pair<std::string, std::string>>;

struct ParcelMetadata {
  std::optional<std::int64_t> schemaVersion;  // "schema_version"
  std::optional<std::string> name;
  std::optional<std::string> version;
  std::optional<StringPairs> extraVersionInfo;  // "extraVersionInfo"
  std::optional<std::string> depends;
  std::optional<std::string> replaces;
  std::optional<std::string> conflicts;
  std::optional<std::vector<std::string>> provides;
  std::optional<bool> setActiveSymlink;  // "setActiveSymlink"
  std::optional<Scripts> scripts;
  std::optional<std::vector<Package>> packages;
  std::optional<std::vector<Component>> components;
  std::optional<std::vector<std::pair<std::string, User>>> users;  // object, in file order
  std::optional<std::vector<std::string>> groups;
  std::optional<Json> servicesRestartInfo;  // shape-checked at decode time
};

// Shape checks only: types, unknown keys ("unknown-field", an error, as in
// Cloudera's strict reader), scalars Jackson would coerce ("coerced-type", a
// warning; the coerced value is kept). Never throws.
ParcelMetadata decodeParcelMetadata(const Json& json, Diagnostics& out);

// Keys in the documented order (spec 5.2); absent optionals are left out.
Json encodeParcelMetadata(const ParcelMetadata& metadata);

// Cloudera's constraints (presence, not blank, schema_version 1, no '-' in the
// name, unique package and component names) plus ours (relation grammar,
// unusual name characters). Skips a pointer that already has an error in `out`.
void validateParcelMetadata(const ParcelMetadata& metadata, Diagnostics& out);

// parse + decode + validate. nullopt only when the text is not JSON at all.
std::optional<ParcelMetadata> readParcelMetadata(std::string_view text, Diagnostics& out);

// The rule of a user's "home" and "shell" (spec section 5.6): present and not
// blank (Cloudera's missing-field, blank-field), and absolute. The agent
// creates the user with useradd -d HOME -s SHELL, which refuses a relative
// path, so the parcel's activation fails on every host: "user-path-not-absolute"
// is a warning (Cloudera's validator does not check it), an error under
// --strict. validateParcelMetadata applies it, and so does parcel_add_user's
// HOME and SHELL (parceltool check-value user-path), where it is an error.
void checkUserPath(const std::optional<std::string>& path, const std::string& pointer, Diagnostics& out);

}  // namespace parcel

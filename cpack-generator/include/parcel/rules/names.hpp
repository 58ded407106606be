// The grammar of parcel names, versions, distros and file names (spec section 2).
// This is the single source of truth for these rules: the CLI, the validator and
// the CMake module all ask here.
#pragma once

#include "parcel/support/diagnostic.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parcel {

struct ParcelFileName {
  std::string name;
  std::string version;
  std::string distro;
};

// Splits "NAME-VERSION-DISTRO.parcel" exactly as Cloudera's validator does
// (regex ^(.*?)-(.*)-(.*?)\.parcel$): NAME up to the first '-', DISTRO after the
// last '-'. Returns nullopt when the name does not match.
std::optional<ParcelFileName> parseParcelFileName(std::string_view fileName);

std::string parcelFileName(std::string_view name, std::string_view version, std::string_view distro);

// "NAME-VERSION": the archive's single top folder.
std::string parcelDirName(std::string_view name, std::string_view version);

// Each check appends its findings at `pointer` (codes: empty-name,
// name-contains-dash, name-invalid-character, name-unusual-character, ...).
// Errors: what Cloudera rejects, plus what cannot form a usable file name.
// Warnings: what is legal but unusual.
void checkProductName(std::string_view name, const std::string& pointer, Diagnostics& out);
void checkVersion(std::string_view version, const std::string& pointer, Diagnostics& out);
// An unknown but well-formed suffix is a warning ("unknown-distro").
void checkDistro(std::string_view distro, const std::string& pointer, Diagnostics& out);

// A user or group name (parcel.json's "users" keys, "extra_groups" and
// "groups", parcel_add_user and parcel_set_permissions): the portable form that
// useradd and groupadd accept with their default settings on every distro,
// [a-z_][a-z0-9_.-]* with an optional final '$'. Cloudera does not check these
// names, so anything else is the warning "invalid-account-name" (an error under
// --strict): the host's useradd refuses it and the account is not created.
void checkAccountName(std::string_view name, const std::string& pointer, Diagnostics& out);
// checkAccountName on each item, at "<listPointer>/<index>", but for an item
// that already holds an error (the decoder's: not a string).
void checkAccountNames(const std::vector<std::string>& names, const std::string& listPointer, Diagnostics& out);

// A CSD entity name: a service type (service.sdl's "name", `csd init NAME`) or a
// role type. Cloudera's cm-schema pattern [A-Z|_|0-9]* (spec csd-format.md §4.1:
// upper-case letters, digits and '_', and, by accident of the pattern, '|'),
// and not one of `reserved`, the built-in types of Cloudera Manager that `what`
// names ("service type", "role type"). Errors at `pointer`: "invalid-name"
// (also for ""; service.sdl's @NotBlank reports a blank name before this
// rule), "reserved-name". True when `name` is good.
bool checkEntityName(std::string_view name, const std::string& pointer, const std::vector<std::string>& reserved,
                     std::string_view what, Diagnostics& out);

}  // namespace parcel

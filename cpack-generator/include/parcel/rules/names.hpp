// The grammar of parcel names, versions, distros and file names (spec section 2).
// This is the single source of truth for these rules: the CLI, the validator and
// the CMake module all ask here.
#pragma once

#include "parcel/support/diagnostic.hpp"

#include <optional>
#include <string>
#include <string_view>

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

}  // namespace parcel

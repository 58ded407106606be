// What `parceltool build` is asked to do: from command-line flags, or from a
// JSON build spec that the CMake module writes (one format for both doors).
#pragma once

#include "parcel/archive/compressor.hpp"
#include "parcel/model/alternatives.hpp"
#include "parcel/model/env_script.hpp"
#include "parcel/model/parcel_metadata.hpp"
#include "parcel/model/permissions.hpp"
#include "parcel/package/package_payload.hpp"
#include "parcel/package/relocation.hpp"
#include "parcel/support/diagnostic.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace parcel {

// Used as the mtime of every entry when SOURCE_DATE_EPOCH is unset, so builds
// are reproducible anyway: 1980-01-01T00:00:00Z, the earliest zip time too.
inline constexpr std::int64_t kDefaultSourceDateEpoch = 315532800;

struct BuildRequest {
  std::filesystem::path input;  // the parcel's content; empty when it all comes from packages
  // RPM and DEB packages whose files join the input (docs/packages.md).
  std::vector<std::filesystem::path> fromPackages;
  std::vector<Relocation> relocations;  // empty: the package root is the top folder
  bool dropOutside = false;  // files outside every relocation: warnings instead of errors
  ScriptletPolicy scriptlets = ScriptletPolicy::Warn;
  bool dryRun = false;  // check and report everything, write nothing
  std::string name;
  std::string version;
  std::vector<std::string> distros;
  std::filesystem::path outputDirectory = ".";

  // Used when the input has no meta/parcel.json, or on top of `metadata`.
  std::optional<std::filesystem::path> metadata;  // a hand-written parcel.json to start from
  EnvAssignments env;
  std::optional<std::filesystem::path> envScript;  // a hand-written defines script
  std::vector<std::string> provides;
  std::optional<std::string> depends;
  std::optional<std::string> conflicts;
  std::optional<std::string> replaces;
  std::optional<bool> setActiveSymlink;  // default true
  std::optional<std::filesystem::path> releaseNotes;
  StringPairs extraVersionInfo;
  std::vector<Package> packages;
  std::vector<Component> components;  // default: one {name, version, pkg_version}
  std::vector<std::pair<std::string, User>> users;
  std::vector<std::string> groups;
  Alternatives alternatives;
  Permissions permissions;

  std::int64_t mtime = kDefaultSourceDateEpoch;
  CompressionLevel compression = CompressionLevel::Default;
  unsigned threads = 0;  // compression threads; 0 = one per hardware thread
  std::optional<std::filesystem::path> depfile;  // Makefile-style list of every file read
};

// Reads a build spec (format version 1.x; see docs/build-spec.md). Relative
// paths in it are relative to the spec file's folder. Problems are diagnostics
// with pointers into the spec; returns nullopt when it cannot be used.
std::optional<BuildRequest> readBuildSpec(const std::filesystem::path& specFile, Diagnostics& out);

// SOURCE_DATE_EPOCH from the environment when set and valid, else the default.
// A set but malformed value is an InputError.
std::int64_t sourceDateEpochFromEnvironment();

}  // namespace parcel

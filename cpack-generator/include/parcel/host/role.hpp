// `host run-role`: start a CSD role the way a Cloudera Manager agent does
// (docs/host.md, spec csd-format.md §6.3, §7.1, §14).
#pragma once

#include "parcel/host/host.hpp"
#include "parcel/support/diagnostic.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace parcel::host {

struct RoleRequest {
  std::filesystem::path jar;
  std::string role;  // roles[].name of the SDL
  std::vector<std::pair<std::string, std::string>> config;  // --config NAME=VALUE, over the defaults
  std::vector<std::string> extraArgs;  // after the runner's args
};

struct RoleLaunch {
  std::filesystem::path processDirectory;  // CONF_DIR and the working folder
  std::string script;  // bash program: exports, the parcel loop, cd, exec "$@"
  std::vector<std::string> argv;  // the program and its arguments, for "$@"
};

// Checks the jar (checkCsdJar), picks the role, resolves the parameters and
// substitutions, selects the parcels by the SDL's requiredTags then
// optionalTags (refused when a required tag is not provided by an active
// parcel), and makes a fresh process folder DIR/process/N-SERVICE-ROLE holding
// the jar's scripts/ and aux/ and the configWriter's files. nullopt with
// errors in `out` when refused; throws IoError on I/O failures.
std::optional<RoleLaunch> prepareRole(const std::filesystem::path& root, const HostState& state,
                                      const RoleRequest& request, Diagnostics& out);

// The text a configWriter generator writes for `entries` (key, value) in
// `format` (hadoop_xml, properties, gflags); nullopt for another format.
std::optional<std::string> renderConfig(const std::string& format,
                                        const std::vector<std::pair<std::string, std::string>>& entries);

}  // namespace parcel::host

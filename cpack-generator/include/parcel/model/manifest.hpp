// A parcel repository's manifest.json (spec section 9).
#pragma once

#include "parcel/json/json_text.hpp"
#include "parcel/model/parcel_metadata.hpp"
#include "parcel/support/diagnostic.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parcel {

struct ManifestEntry {
  std::optional<std::string> parcelName;  // "parcelName"
  std::optional<std::string> hash;  // SHA-1, 40 lower-case hex digits
  std::optional<std::string> depends;
  std::optional<std::string> replaces;
  std::optional<std::string> conflicts;
  std::optional<std::vector<Component>> components;
  std::optional<Json> servicesRestartInfo;  // "servicesRestartInfo"
  std::optional<std::string> releaseNotes;  // "releaseNotes"
  std::optional<std::int64_t> released;
};

struct Manifest {
  std::optional<std::int64_t> lastUpdated;  // milliseconds since the epoch
  std::optional<std::vector<ManifestEntry>> parcels;
};

Manifest decodeManifest(const Json& json, Diagnostics& out);
// Key order of make_manifest's output: lastUpdated, parcels; per entry
// parcelName, hash, depends, replaces, conflicts, components,
// servicesRestartInfo, releaseNotes, released.
Json encodeManifest(const Manifest& manifest);
// Cloudera's constraints (the cm_ext bad example gives exactly 3) plus ours:
// hash format is a warning (Cloudera's own good example has a non-hex hash),
// parcelName must be a valid parcel file name.
void validateManifest(const Manifest& manifest, Diagnostics& out);
std::optional<Manifest> readManifest(std::string_view text, Diagnostics& out);

}  // namespace parcel

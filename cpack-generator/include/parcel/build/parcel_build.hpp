// `build`: turn an input directory into NAME-VERSION-DISTRO.parcel files and
// their .sha files. Everything is checked before anything is written; the
// archive is written once, hashed in the same pass, and renamed into place.
#pragma once

#include "parcel/build/build_request.hpp"
#include "parcel/support/diagnostic.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace parcel {

// What a dry run (or a build from packages) reports about each package.
struct PackageSummary {
  std::filesystem::path file;
  std::string name;
  std::string version;  // [epoch:]version[-release]
  std::size_t files = 0;  // entries it adds to the parcel
  std::uint64_t bytes = 0;  // bytes of its regular files
  std::vector<std::string> scriptlets;
};

struct BuildResult {
  bool dryRun = false;  // then none of the paths below exists (or was changed)
  std::vector<PackageSummary> packages;
  std::string metadata;  // meta/parcel.json as written (or as it would be)
  std::size_t entries = 0;  // payload entries, generated meta files included
  std::vector<std::filesystem::path> parcels;  // one per distro, in request order
  std::vector<std::filesystem::path> shaFiles;  // "<parcel>.sha", same order
  std::string sha1;  // identical for every distro; empty in a dry run
  std::uint64_t size = 0;  // the compressed size; in a dry run, the payload's uncompressed bytes
};

// nullopt when `out` has errors; then no output file was created or changed.
// Throws IoError / ArchiveError on environmental failures, again leaving nothing.
std::optional<BuildResult> buildParcels(const BuildRequest& request, Diagnostics& out);

}  // namespace parcel

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

struct BuildResult {
  std::vector<std::filesystem::path> parcels;  // one per distro, in request order
  std::vector<std::filesystem::path> shaFiles;  // "<parcel>.sha", same order
  std::string sha1;  // identical for every distro
  std::uint64_t size = 0;
};

// nullopt when `out` has errors; then no output file was created or changed.
// Throws IoError / ArchiveError on environmental failures, again leaving nothing.
std::optional<BuildResult> buildParcels(const BuildRequest& request, Diagnostics& out);

}  // namespace parcel

// The parcel-level checks (spec 5.8, 6, 7, 11: F8 to F14 and ours), run on what
// a parcel contains, whatever it came from: an archive, an unpacked directory,
// or the payload `build` is about to write.
#pragma once

#include "parcel/build/payload.hpp"
#include "parcel/model/parcel_metadata.hpp"
#include "parcel/support/diagnostic.hpp"

#include <map>
#include <optional>
#include <string>

namespace parcel {

struct ParcelTree {
  // The actual name of the top folder (archive) or directory (directory mode).
  std::string dirName;
  // Prefix for Diagnostic::member: "FOO-1.0/" for an archive, "" for a directory.
  std::string memberPrefix;
  // Every entry, relative to the top folder, no trailing '/'.
  std::map<std::string, EntryType> entries;
  // "meta/parcel.json", "meta/alternatives.json", "meta/permissions.json",
  // "meta/release-notes.txt" -> content, for those present.
  std::map<std::string, std::string> metaFiles;
};

// parcel.json valid; name-version equals dirName ("dir-name-mismatch"); the
// defines script exists and is not a directory; alternatives.json and
// permissions.json valid and their paths present with the right type; every
// entry's parent directory has its own entry ("missing-directory-entry").
// Returns the metadata when parcel.json decoded well enough to be used.
std::optional<ParcelMetadata> checkParcelTree(const ParcelTree& tree, Diagnostics& out);

}  // namespace parcel
